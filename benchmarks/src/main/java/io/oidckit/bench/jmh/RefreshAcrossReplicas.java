package io.oidckit.bench.jmh;

import io.oidckit.OidcConfig;
import io.oidckit.bench.jmh.SignedInCheckBenchmark.MapSession;
import io.oidckit.settings.Setting;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Refresh calls per expired session when two replicas get its requests at once: two relying parties of one app
 * (nothing shared in memory) sharing Debian's {@code redis-server} on loopback through oidc-redis, each handed
 * {@link #PER_REPLICA} concurrent requests of every session, all released together while the token endpoint is
 * slow. Target exactly 1. Baseline in the same run: the same two replicas without {@code OIDC_REDIS_URL}, where each
 * replica refreshes on its own.
 *
 * <p>Usage: {@code RefreshAcrossReplicas OUT_MD [SESSIONS]}.
 */
public final class RefreshAcrossReplicas {
    static final int PER_REPLICA = 4;
    /** Due 2 s after it is issued (half its life). */
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(4);

    private RefreshAcrossReplicas() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        TestProvider provider = TestProvider.start();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-refresh-redis");
        Process redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        ExecutorService pool = Executors.newFixedThreadPool(2 * PER_REPLICA);
        try {
            awaitPort(port);
            double shared = callsPerSession(provider, "redis://127.0.0.1:" + port, sessions, pool);
            double alone = callsPerSession(provider, null, sessions, pool);
            String row = String.format(Locale.ROOT, "| refresh calls per expired session, %d requests at once on two replicas "
                            + "(%d sessions, token endpoint 200 ms) | **%.2f** with OIDC_REDIS_URL | each replica alone: %.2f | "
                            + "exactly 1 | %s |", 2 * PER_REPLICA, sessions, shared, alone, shared == 1.0 ? "met" : "MISSED");
            Files.write(Path.of(args[0]), List.of(row));
            System.out.println(row);
        } finally {
            pool.shutdownNow();
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) redis.destroyForcibly();
            provider.close();
        }
    }

    private static double callsPerSession(TestProvider provider, String redisUrl, int sessions, ExecutorService pool)
            throws Exception {
        provider.reset();
        provider.accessTokenLifetime(TOKEN_LIFETIME);
        RelyingParty a = replica(provider, redisUrl), b = replica(provider, redisUrl);
        List<MapSession> signedIn = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            MapSession s = new MapSession();
            SignedInCheckBenchmark.signIn(i % 2 == 0 ? a : b, s);
            signedIn.add(s);
        }
        Thread.sleep(TOKEN_LIFETIME.toMillis() / 2 + 300);
        provider.stall(Endpoint.TOKEN, Duration.ofMillis(200));
        int before = provider.refreshGrants();
        for (MapSession s : signedIn) {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Outcome>> all = new ArrayList<>();
            for (int i = 0; i < 2 * PER_REPLICA; i++) {
                RelyingParty rp = i % 2 == 0 ? a : b;
                MapSession copy = s.copy(); // each request read the session before any refresh wrote it
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return rp.handle(SignedInCheckBenchmark.request("/profile"), copy).toCompletableFuture().join();
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<Outcome> f : all) f.get(30, TimeUnit.SECONDS);
        }
        return (provider.refreshGrants() - before) / (double) sessions;
    }

    private static RelyingParty replica(TestProvider provider, String redisUrl) {
        OidcConfig.Builder b = OidcConfig.builder().authority(provider.issuer()).clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET).redirectUri("http://127.0.0.1:9/auth/callback")
                .protect("profile").keepTokens(true);
        if (redisUrl != null) b.set(Setting.OIDC_REDIS_URL, redisUrl);
        return RelyingParty.create(b.build());
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }
}
