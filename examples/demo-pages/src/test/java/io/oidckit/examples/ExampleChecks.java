package io.oidckit.examples;

import io.oidckit.web.Outcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks that every example app's test runs the same way (test-jar of demo-pages): what the server in front of
 * the adapter answers to hostile requests, the 404 page, and what {@code main} does with a bad {@code PORT}.
 * Everything goes over loopback; every wait is bounded.
 */
public final class ExampleChecks {
    private ExampleChecks() {
    }

    /** Words a refusal must not contain: exception classes, stack frames, server names, framework error formats. */
    private static final List<String> FORBIDDEN = List.of("Exception", "at java.", "at io.", "at org.", "Tomcat",
            "Catalina", "Coyote", "Netty", "Micronaut", "Vert.x", "vertx", "Spring", "Whitelabel", "Jetty",
            "_links", "_embedded");
    /** A version number (11.0.27) or a product/version token (Apache/2.4), outside the status line. */
    private static final Pattern VERSION = Pattern.compile("\\b\\d+\\.\\d+\\.\\d+\\b|[A-Za-z]/\\d");
    private static final Set<Integer> REFUSALS = Set.of(400, 413, 414, 431);
    /** "Empty or minimal": a refusal body of more than this is a report, not a status. */
    private static final int MINIMAL_BODY_BYTES = 1024;

    // ------------------------------------------------------------------------------------------ raw HTTP

    /** One HTTP/1.x answer as read off the socket. */
    public record RawResponse(String statusLine, Map<String, String> headers, String head, String body) {
        public int status() {
            String[] parts = statusLine.split(" ");
            return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return head + "\r\n\r\n" + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
        }
    }

    /**
     * Sends {@code GET target} with {@code Connection: close} over a plain socket to 127.0.0.1:{@code port} and reads
     * the answer until the server closes (at most 20 s). The request is written by a second thread, so a server that
     * answers before it has read everything (as servers refusing an oversized request do) is still heard.
     */
    public static RawResponse rawGet(int port, String target) throws Exception {
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n"
                + "Accept: text/html\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading: expected for an oversized request
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[16 * 1024];
            try {
                for (int n; (n = in.read(buf)) != -1; ) {
                    received.write(buf, 0, n);
                    if (complete(received.toByteArray())) break;
                }
            } catch (SocketTimeoutException e) {
                fail("no complete answer within 20 s to GET " + abbreviate(target) + "; got: " + received);
            } catch (IOException e) {
                // a reset after the answer (the server closed with unread request bytes): keep what arrived
                if (received.size() == 0) throw e;
            }
            writer.join(5_000);
            return parse(received.toByteArray(), target);
        }
    }

    private static boolean complete(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) return false;
        for (String line : s.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return bytes.length - (end + 4) >= Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return false; // chunked or until close
    }

    private static RawResponse parse(byte[] bytes, String target) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        assertTrue(end > 0, "not an HTTP answer to GET " + abbreviate(target) + ": [" + s + "]");
        String head = s.substring(0, end);
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return new RawResponse(lines[0], headers, head, s.substring(end + 4));
    }

    // ------------------------------------------------------------------------------------------ item: refusals

    /** A 1 MB query string on the callback. */
    public static String megabyteQuery() {
        return "/auth/callback?code=abc&filler=" + "a".repeat(1024 * 1024);
    }

    /** A 100 KB {@code state} on the callback. */
    public static String hugeState() {
        return "/auth/callback?code=abc&state=" + "s".repeat(100 * 1024);
    }

    /** 10,000 distinct query parameters on the callback. */
    public static String tenThousandParameters() {
        StringBuilder b = new StringBuilder("/auth/callback?code=abc");
        for (int i = 0; i < 10_000; i++) b.append("&p").append(i).append('=').append(i);
        return b.toString();
    }

    /**
     * The server in front of the adapter refuses the three oversized callbacks with a bare 4xx: 400, 413, 414 or
     * 431, no {@code Server} header, a body of at most 1 KiB, and nowhere in headers or body an exception class, a
     * stack frame, a server or framework name, its error format, or a version number.
     */
    public static void assertServerRefusesOversizedCallbacks(int port) throws Exception {
        for (String target : List.of(megabyteQuery(), hugeState(), tenThousandParameters())) {
            assertBareRefusal(target, rawGet(port, target));
        }
    }

    /** See {@link #assertServerRefusesOversizedCallbacks}. */
    public static void assertBareRefusal(String target, RawResponse r) {
        String what = "GET " + abbreviate(target) + " answered:\n" + r;
        assertTrue(REFUSALS.contains(r.status()), "status must be 400, 413, 414 or 431; " + what);
        assertNull(r.header("server"), "no Server header; " + what);
        String afterStatusLine = r.head().substring(r.statusLine().length()) + "\n" + r.body();
        for (String word : FORBIDDEN) {
            assertFalse(afterStatusLine.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)),
                    "must not contain \"" + word + "\"; " + what);
        }
        assertFalse(VERSION.matcher(afterStatusLine).find(), "must not contain a version number; " + what);
        assertTrue(r.body().length() <= MINIMAL_BODY_BYTES, "the body must be empty or minimal; " + what);
    }

    // ------------------------------------------------------------------------------------------ item: 404

    /**
     * {@code GET path} answers the core's fixed 404 page exactly: status 404, {@code text/html; charset=utf-8}, the
     * body of {@code Outcome.errorPage(404, basePath)} (through {@link DemoPages#notFound}), and every one of its
     * security headers with the same value.
     */
    public static void assertCoreNotFoundPage(int port, String path, String basePath) throws Exception {
        Outcome.Page expected = DemoPages.notFound(basePath);
        RawResponse r = rawGet(port, path);
        String what = "GET " + path + " answered:\n" + r;
        assertEquals(404, r.status(), what);
        String type = r.header("content-type");
        assertNotNull(type, what);
        assertEquals(normalizedType(expected.contentType()), normalizedType(type), what);
        assertTrue(r.body().contains("Not found"), what);
        assertEquals(expected.html(), new String(r.body().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                "the core's 404 page, byte for byte; " + what);
        expected.headers().forEach((name, value) ->
                assertEquals(value, r.header(name), "header " + name + "; " + what));
    }

    /** {@code text/html;charset=UTF-8} and {@code text/html; charset=utf-8} are the same type. */
    private static String normalizedType(String contentType) {
        return contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ item: PORT

    /** What a child JVM did: its exit code and its output, line by line. */
    public record Run(int exitCode, List<String> stdout, List<String> stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n"
                    + String.join("\n", stderr);
        }
    }

    /**
     * Runs {@code mainClass} in a child JVM on this test's classpath with the environment of this process minus
     * every {@code OIDC_*}, {@code URL_BASE_PATHNAME}, {@code PORT} and {@code HOST}, plus {@code env}; waits at
     * most 60 s, then kills it and fails.
     */
    public static Run runMain(Class<?> mainClass, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("example-stdout", ".txt");
        Path err = Files.createTempFile("example-stderr", ".txt");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = System.getProperty("java.class.path");
            ProcessBuilder pb = new ProcessBuilder(java, "-Djava.net.preferIPv4Stack=true", "-XX:TieredStopAtLevel=1",
                    "-cp", classpath, mainClass.getName());
            Map<String, String> childEnv = pb.environment();
            childEnv.keySet().removeIf(k -> k.startsWith("OIDC_") || k.equals("URL_BASE_PATHNAME")
                    || k.equals("PORT") || k.equals("HOST"));
            childEnv.putAll(env);
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    fail(mainClass.getSimpleName() + " still running after 60 s with " + env + "\n--- stdout\n"
                            + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            return new Run(p.exitValue(), lines(out), lines(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) lines.add(l);
        return lines;
    }

    /**
     * {@code mainClass} stops at once, with exit code 2 and exactly one line on stderr that names {@code PORT} and
     * its value, nothing on stdout (no banner, no URL) and no stack trace: when the port is taken on 127.0.0.1 (by a
     * socket this test holds), for {@code PORT=abc} and for {@code PORT=70000}. One line also means that neither the
     * development provider (it logs a warning when it starts) nor the server started.
     */
    public static void assertMainRefusesBadPort(Class<?> mainClass) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            Run run = runMain(mainClass, Map.of("PORT", port));
            assertOneLinePortProblem(run, port);
            assertTrue(run.stderr().get(0).contains("already in use on 127.0.0.1"), run.toString());
        }
        for (String bad : List.of("abc", "70000")) {
            Run run = runMain(mainClass, Map.of("PORT", bad));
            assertOneLinePortProblem(run, bad);
            assertTrue(run.stderr().get(0).contains("must be a port number from 0 to 65535"), run.toString());
        }
    }

    private static void assertOneLinePortProblem(Run run, String value) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(1, run.stderr().size(), "exactly one line on stderr; " + run);
        String line = run.stderr().get(0);
        assertTrue(line.startsWith("OIDC102 PORT: "), run.toString());
        assertTrue(line.contains(value), "names the value; " + run);
        assertEquals(List.of(), run.stdout(), "nothing on stdout; " + run);
        assertFalse(line.contains("Exception"), run.toString());
    }

    /**
     * Threads alive now that were not in {@code before}, after up to 3 s for threads on their way out. Not counted:
     * the JVM's own housekeeping threads, and new threads of an {@code HttpClient} that already existed (an app
     * of an earlier test may still refresh its provider metadata in the background); a new client's threads count.
     */
    public static List<String> newThreads(Set<Thread> before) throws InterruptedException {
        Set<String> oldClients = new HashSet<>();
        for (Thread t : before) {
            Matcher m = HTTP_CLIENT_THREAD.matcher(t.getName());
            if (m.matches()) oldClients.add(m.group(1));
        }
        List<String> left = new ArrayList<>();
        for (int attempt = 0; attempt < 30; attempt++) {
            left.clear();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (before.contains(t) || !t.isAlive()) continue;
                String n = t.getName();
                Matcher m = HTTP_CLIENT_THREAD.matcher(n);
                if (m.matches() && oldClients.contains(m.group(1))) continue;
                if (n.equals("process reaper") || n.startsWith("Common-Cleaner") || n.startsWith("Attach Listener")
                        || n.startsWith("ForkJoinPool.commonPool") || n.equals("CompletableFutureDelayScheduler")
                        || n.startsWith("surefire")) continue;
                left.add(n);
            }
            if (left.isEmpty()) return left;
            Thread.sleep(100);
        }
        return left;
    }

    private static final Pattern HTTP_CLIENT_THREAD = Pattern.compile("HttpClient-(\\d+)-.*");

    /** A callback of the longest kind the contract lets through (a 4100-character code) still reaches the core's 400 page. */
    public static void assertLongestCallbackReachesCore(int port) throws Exception {
        RawResponse longCode = rawGet(port, "/auth/callback?code=" + "x".repeat(4100) + "&state=s");
        assertEquals(400, longCode.status(), longCode.toString());
        assertTrue(longCode.body().contains("Sign-in failed"), longCode.toString());
    }

    /** How a test starts an example app from an environment: {@code ServletExampleApp::start} and the like. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start(Map<String, String> env) throws Exception;
    }

    /**
     * Starting with a taken port, or with {@code PORT=abc}, throws the one PORT line and leaves no thread behind (the
     * development provider is never started, the core's client never made).
     */
    public static void assertStartRefusesBadPort(Starter app) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ExampleSettings.PortException e = org.junit.jupiter.api.Assertions.assertThrows(ExampleSettings.PortException.class,
                    () -> app.start(Map.of("PORT", String.valueOf(port))).close());
            assertEquals("OIDC102 PORT: " + port + " is already in use on 127.0.0.1; set PORT to a free port", e.getMessage());
        }
        ExampleSettings.PortException e = org.junit.jupiter.api.Assertions.assertThrows(ExampleSettings.PortException.class,
                () -> app.start(Map.of("PORT", "abc")).close());
        assertEquals("OIDC102 PORT: must be a port number from 0 to 65535, got abc", e.getMessage());
        assertEquals(List.of(), newThreads(before), "threads left behind");
    }

    /** The app started on a free port answers unknown paths, at the root and below a route, with the core's 404 page. */
    public static void assertNotFoundPages(Starter app) throws Exception {
        int port = freePort();
        try (AutoCloseable running = app.start(Map.of("PORT", String.valueOf(port)))) {
            assertCoreNotFoundPage(port, "/no-such-page", "/");
            assertCoreNotFoundPage(port, "/profile/no-such-page", "/");
        }
    }

    /** A free port on loopback, for an app to take. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A copy of {@code env} with {@code key=value} added. */
    public static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        m.put(key, value);
        return m;
    }

    private static String abbreviate(String target) {
        return target.length() > 80 ? target.substring(0, 80) + "... (" + target.length() + " chars)" : target;
    }
}
