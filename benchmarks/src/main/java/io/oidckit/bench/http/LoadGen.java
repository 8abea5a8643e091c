package io.oidckit.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small closed-loop HTTP/1.1 load generator: N keep-alive connections on loopback, each sending one GET and
 * reading the whole answer (Content-Length or chunked) before the next, for a fixed time. Every answer's status is
 * checked; anything but the expected status counts as an error, and a connection the server closes is reopened.
 */
public final class LoadGen {
    /** One measurement. */
    public record Result(long ok, long errors, double seconds) {
        public double perSecond() {
            return ok / seconds;
        }
    }

    private LoadGen() {
    }

    public static Result run(int port, String path, String cookie, int connections, double seconds, int expectedStatus)
            throws InterruptedException {
        return runWith(port, path, cookie == null || cookie.isEmpty() ? null : "Cookie: " + cookie, connections, seconds,
                expectedStatus);
    }

    /** {@link #run} with {@code header} (a whole line such as {@code Authorization: Bearer …}) or none. */
    public static Result runWith(int port, String path, String header, int connections, double seconds, int expectedStatus)
            throws InterruptedException {
        StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nAccept: text/html\r\nUser-Agent: oidckit-loadgen\r\n");
        if (header != null) req.append(header).append("\r\n");
        byte[] request = req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                long good = 0, bad = 0;
                Socket s = null;
                InputStream in = null;
                while (System.nanoTime() < deadline) {
                    try {
                        if (s == null) {
                            s = new Socket();
                            s.setTcpNoDelay(true);
                            s.setSoTimeout(10_000);
                            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                        }
                        OutputStream out = s.getOutputStream();
                        out.write(request);
                        out.flush();
                        Answer a = read(in);
                        if (a.status == expectedStatus) good++;
                        else bad++;
                        if (a.close) {
                            s.close();
                            s = null;
                        }
                    } catch (IOException e) {
                        bad++;
                        closeQuietly(s);
                        s = null;
                    }
                }
                closeQuietly(s);
                ok.addAndGet(good);
                errors.addAndGet(bad);
            }, "loadgen-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join((long) (seconds * 1000) + 30_000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get(), errors.get(), elapsed);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private record Answer(int status, boolean close) {
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.length() < 12) throw new IOException("bad status line");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false, close = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0; ) {
                skip(in, size);
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(in, length);
        } else if (length < 0) {
            close = true; // body until close: not expected from these apps; drop the connection
        }
        return new Answer(status, close);
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) throw new IOException("connection closed in body");
                k = 1;
            }
            n -= k;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') b.setLength(len - 1);
                return b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }
}
