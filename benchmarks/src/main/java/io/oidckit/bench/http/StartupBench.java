package io.oidckit.bench.http;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.testprovider.TestProvider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Item 5: each example app's jar started as its own process, configured by the contract's environment variables,
 * with the provider down (an authority on a loopback port nobody listens on) and, as the baseline in the same run,
 * with the provider up (an in-process {@link TestProvider}); alternated, REPEATS times each. The figure is the time
 * from process start until {@code GET /} answers 200; then {@code GET /auth/login} is checked (503 down, 302 up).
 *
 * <p>Usage: {@code StartupBench OUT_DIR REPEATS NAME=JAR...}; writes {@code startup.tsv} and {@code summary-startup.md}.
 */
public final class StartupBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofMillis(500)).version(HttpClient.Version.HTTP_1_1).build();

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int repeats = Integer.parseInt(args[1]);
        List<String> tsv = new ArrayList<>(List.of("app\tprovider\trun\tms_to_home_200\tlogin_status"));
        List<String> summary = new ArrayList<>();
        try (TestProvider provider = TestProvider.start()) {
            for (int a = 2; a < args.length; a++) {
                String name = args[a].substring(0, args[a].indexOf('='));
                String jar = args[a].substring(args[a].indexOf('=') + 1);
                List<Double> down = new ArrayList<>(), up = new ArrayList<>();
                String failure = null;
                for (int r = 0; r < repeats && failure == null; r++) {
                    for (boolean providerUp : r % 2 == 0 ? new boolean[]{false, true} : new boolean[]{true, false}) {
                        try {
                            double[] m = once(name, jar, providerUp ? provider.issuer() : deadAuthority(), out, providerUp);
                            (providerUp ? up : down).add(m[0]);
                            tsv.add(String.format(Locale.ROOT, "%s\t%s\t%d\t%.0f\t%.0f", name, providerUp ? "up" : "down", r, m[0], m[1]));
                            int expected = providerUp ? 302 : 503;
                            if ((int) m[1] != expected) failure = "login answered " + (int) m[1] + " instead of " + expected;
                        } catch (Exception e) {
                            failure = e.getMessage();
                        }
                    }
                }
                if (failure != null) {
                    summary.add("| " + name + " example start-up | FAILED: " + failure.replace('|', '/') + " | | | |");
                    continue;
                }
                double d = HttpBench.median(down), u = HttpBench.median(up);
                summary.add(String.format(Locale.ROOT, "| %s example: start until home 200, provider down vs up | %.0f ms vs %.0f ms "
                        + "(down %s) | **%.2f** | home 200 while down; no target for the time | met (login 503 while down) |",
                        name, d, u, range(down), d / u));
            }
        }
        Files.write(out.resolve("startup.tsv"), tsv);
        Files.write(out.resolve("summary-startup.md"), summary);
        summary.forEach(System.out::println);
    }

    private static String range(List<Double> xs) {
        return String.format(Locale.ROOT, "%.0f-%.0f ms", xs.stream().mapToDouble(x -> x).min().orElse(0),
                xs.stream().mapToDouble(x -> x).max().orElse(0));
    }

    static String deadAuthority() throws Exception {
        return "http://127.0.0.1:" + AdapterCompatibilityKit.freePort() + "/down";
    }

    /** {ms until home 200, status of the login route}. */
    static double[] once(String name, String jar, String authority, Path out, boolean up) throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(port));
        env.put("OIDC_AUTHORITY", authority);
        env.put("OIDC_CLIENT_ID", TestProvider.CLIENT_ID);
        env.put("OIDC_CLIENT_SECRET", TestProvider.CLIENT_SECRET);
        env.put("OIDC_REDIRECT_URI", "http://127.0.0.1:" + port + "/auth/callback");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-Djava.net.preferIPv4Stack=true", "-jar", jar);
        pb.environment().putAll(env);
        Path log = out.resolve("startup-" + name + "-" + (up ? "up" : "down") + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            URI home = URI.create("http://127.0.0.1:" + port + "/");
            long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log.getFileName());
                try {
                    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(home).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        int login = HTTP.send(HttpRequest.newBuilder(home.resolve("/auth/login")).timeout(Duration.ofSeconds(15)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        return new double[]{ms, login};
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException(name + ": home did not answer 200 within 90 s");
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
