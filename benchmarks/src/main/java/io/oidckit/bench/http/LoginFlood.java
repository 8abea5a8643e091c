package io.oidckit.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bot's flood of anonymous logins: each example jar (with its embedded development provider) gets
 * {@value #LOGINS} {@code GET /auth/login} without cookies, and the live heap (after a full GC, from {@code jcmd})
 * is compared with the live heap before the flood, in the same process. Once with {@code OIDC_SESSION_SECRET} set
 * (pending logins in sealed cookies: the target is the heap before plus at most 5 MB) and once without (each
 * pending login in a framework session: for information).
 *
 * <p>Usage: {@code LoginFlood OUT_DIR NAME=JAR...}; writes {@code summary-flood.md} and the apps' logs.
 */
public final class LoginFlood {
    static final int LOGINS = 100_000;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private LoginFlood() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<String> summary = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i].substring(0, args[i].indexOf('='));
            String jar = args[i].substring(args[i].indexOf('=') + 1);
            for (boolean secret : new boolean[]{true, false}) {
                try {
                    summary.add(flood(out, name, jar, secret));
                } catch (Exception e) {
                    summary.add("| " + name + ": live heap after " + LOGINS + " anonymous logins, " + (secret ? "with" : "without")
                            + " a secret | FAILED: " + e.getMessage() + " | | | |");
                }
                System.out.println(summary.get(summary.size() - 1));
            }
        }
        Files.write(out.resolve("summary-flood.md"), summary);
    }

    static String flood(Path out, String name, String jar, boolean secret) throws Exception {
        int port = io.oidckit.tck.AdapterCompatibilityKit.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-Djava.net.preferIPv4Stack=true", "-jar", jar);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OIDC_") || k.equals("URL_BASE_PATHNAME") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        if (secret) env.put("OIDC_SESSION_SECRET", "flood-session-secret-of-at-least-32-characters");
        Path log = out.resolve("flood-" + name + (secret ? "-secret" : "-nosecret") + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            waitForPort(port, 120);
            LoadGen.Result warm = LoadGen.run(port, "/auth/login", null, 2, 3, 302); // JIT, pools, the provider's metadata
            if (warm.ok() == 0) throw new IllegalStateException("no login answered 302 (see " + log.getFileName() + ")");
            long before = liveHeapKb(p.pid());
            long done = 0, errors = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (done < LOGINS && System.nanoTime() < deadline) {
                LoadGen.Result r = LoadGen.run(port, "/auth/login", null, 4, 2, 302);
                done += r.ok();
                errors += r.errors();
            }
            long after = liveHeapKb(p.pid());
            double grownMb = (after - before) / 1024.0;
            String target = secret ? "<= +5 MB" : "(info)";
            String verdict = !secret ? "" : done >= LOGINS && grownMb <= 5 ? "met" : "MISSED";
            return String.format(Locale.ROOT, "| %s: live heap after %d anonymous GET /auth/login (%d not 302), %s a secret "
                            + "| %.1f MB before, %.1f MB after | **%+.1f MB** | %s | %s |", name, done, errors,
                    secret ? "with" : "without", before / 1024.0, after / 1024.0, grownMb, target, verdict);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The heap in use right after a full collection, in KiB, as {@code jcmd PID GC.heap_info} reports it. */
    static long liveHeapKb(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) throw new IllegalStateException("no 'used' in GC.heap_info: " + info);
        return Long.parseLong(m.group(1));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
        }
        return new String(outBytes, StandardCharsets.UTF_8);
    }

    static void waitForPort(int port, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listened on port " + port + " within " + seconds + " s");
    }
}
