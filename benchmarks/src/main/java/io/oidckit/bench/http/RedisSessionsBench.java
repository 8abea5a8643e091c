package io.oidckit.bench.http;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For information (docs/replicas.md): a signed-in {@code GET /profile} on an example whose framework sessions live in
 * Redis ({@code REDIS_URL}), against the same example with its in-memory sessions, in interleaved rounds, as
 * throughput and server CPU per request. One {@code redis-server} on loopback (Debian's, as the replicas rig uses),
 * one in-process {@link TestProvider} for both apps.
 *
 * <p>Usage: {@code RedisSessionsBench OUT_DIR ROUND_SECONDS ROUNDS CONNECTIONS NAME=JAR...} (Spring, Micronaut and
 * Vert.x examples; the servlet example has no Redis mode); writes {@code summary-redis.md}.
 */
public final class RedisSessionsBench {
    private RedisSessionsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        double round = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        List<String> summary = new ArrayList<>();
        int redisPort = AdapterCompatibilityKit.freePort();
        Path redisDir = Files.createTempDirectory("bench-redis");
        Process redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", redisDir.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("redis.log").toFile()).start();
        try (TestProvider provider = TestProvider.start()) {
            LoginFlood.waitForPort(redisPort, 20);
            for (int i = 4; i < args.length; i++) {
                String name = args[i].substring(0, args[i].indexOf('='));
                String jar = args[i].substring(args[i].indexOf('=') + 1);
                Process inMemory = null, inRedis = null;
                try {
                    int p1 = AdapterCompatibilityKit.freePort(), p2 = AdapterCompatibilityKit.freePort();
                    inMemory = start(out, name + "-memory", jar, provider, p1, null);
                    inRedis = start(out, name + "-redis", jar, provider, p2, "redis://127.0.0.1:" + redisPort);
                    LoginFlood.waitForPort(p1, 120);
                    LoginFlood.waitForPort(p2, 120);
                    String c1 = signIn(p1), c2 = signIn(p2);
                    List<Double> rpsMem = new ArrayList<>(), rpsRedis = new ArrayList<>(), cpuMem = new ArrayList<>(), cpuRedis = new ArrayList<>();
                    for (int w = 0; w < 3; w++) {
                        LoadGen.run(p1, "/profile", c1, connections, round, 200);
                        LoadGen.run(p2, "/profile", c2, connections, round, 200);
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < 2; k++) {
                            boolean mem = (r + k) % 2 == 0; // order alternates round by round
                            Process p = mem ? inMemory : inRedis;
                            long cpu0 = HttpBench.cpuMicros(p.pid());
                            LoadGen.Result res = LoadGen.run(mem ? p1 : p2, "/profile", mem ? c1 : c2, connections, round, 200);
                            if (res.errors() > 0) throw new IllegalStateException(name + (mem ? " in memory" : " on Redis") + ": " + res.errors() + " answers were not 200");
                            double perRequest = (HttpBench.cpuMicros(p.pid()) - cpu0) / (double) Math.max(1, res.ok());
                            (mem ? rpsMem : rpsRedis).add(res.perSecond());
                            (mem ? cpuMem : cpuRedis).add(1 / perRequest);
                        }
                    }
                    summary.add(HttpBench.row(name + " example: signed-in profile page, sessions in Redis vs in memory, throughput", rpsRedis, rpsMem, "(info)"));
                    summary.add(HttpBench.cpuRow(name + " example: signed-in profile page, sessions in Redis vs in memory, server CPU per request", cpuRedis, cpuMem, "(info)"));
                } catch (Exception e) {
                    summary.add("| " + name + " example: sessions in Redis vs in memory | FAILED: " + e.getMessage() + " | | | |");
                } finally {
                    stop(inMemory);
                    stop(inRedis);
                }
                System.out.println(summary.get(summary.size() - 1));
            }
        } finally {
            stop(redis);
        }
        Files.write(out.resolve("summary-redis.md"), summary);
    }

    private static Process start(Path out, String label, String jar, TestProvider provider, int port, String redisUrl) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms512m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true", "-jar", jar);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OIDC_") || k.equals("URL_BASE_PATHNAME") || k.equals("REDIS_URL") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("OIDC_AUTHORITY", provider.issuer());
        env.put("OIDC_CLIENT_ID", TestProvider.CLIENT_ID);
        env.put("OIDC_CLIENT_SECRET", TestProvider.CLIENT_SECRET);
        env.put("OIDC_REDIRECT_URI", "http://127.0.0.1:" + port + "/auth/callback");
        if (redisUrl != null) env.put("REDIS_URL", redisUrl);
        return pb.redirectErrorStream(true).redirectOutput(out.resolve("redis-bench-" + label + ".log").toFile()).start();
    }

    /** A login through the app and the provider; the app's cookies as one {@code Cookie} value. */
    private static String signIn(int port) {
        TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
        TckBrowser.Response r = b.login("/auth/login");
        if (r.status() != 302) throw new IllegalStateException("the callback answered " + r.status() + ": " + r.body());
        List<String> pairs = new ArrayList<>();
        b.cookies().forEach((k, v) -> pairs.add(k + "=" + v));
        String cookie = String.join("; ", pairs);
        int me = new TckBrowser(URI.create("http://127.0.0.1:" + port + "/")).get("/api/me", "Cookie", cookie).status();
        if (me != 200) throw new IllegalStateException("api/me answered " + me + " after the login");
        return cookie;
    }

    private static void stop(Process p) {
        if (p == null) return;
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
