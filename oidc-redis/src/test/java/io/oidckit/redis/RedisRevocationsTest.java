package io.oidckit.redis;

import io.oidckit.OidcUser;
import io.oidckit.internal.sessions.Revocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocations shared by replicas through a real redis-server (Debian's, started here on a loopback port and stopped
 * by its handle): one replica's revocation reaches another within a second, a replica that starts later reads it
 * from the set, and one made while Redis is down reaches the others once Redis is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisRevocationsTest {
    private static final long KEEP = 3600;
    private Process redis;
    private int port;
    private Path dir;

    @BeforeAll
    void startRedis() throws Exception {
        Path server = Path.of(System.getProperty("redis.server", "/usr/bin/redis-server"));
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException(server + " is missing: install Debian's redis-server (.ci/run does)");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("oidc-redis-test");
        start(server);
    }

    private void start(Path server) throws Exception {
        redis = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await(Duration.ofSeconds(20), this::accepts, "redis-server did not start");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) redis.destroyForcibly();
        }
    }

    private Revocations replica(String namespace) {
        return new Revocations(Clock.systemUTC(), KEEP, new RedisChannel(),
                URI.create("redis://127.0.0.1:" + port), namespace);
    }

    private static OidcUser user(String sub, String sid, long at) {
        return new OidcUser(sub, null, null, null, Set.of(), at, at + KEEP).withSid(sid);
    }

    private static void await(Duration limit, BooleanSupplier condition, String failure) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError(failure);
            Thread.sleep(20);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    @DisplayName("a revocation made on one replica is known on the other within 1 s; a later login is not ended")
    void reachesTheOtherReplica() throws Exception {
        String ns = UUID.randomUUID().toString();
        try (Revocations a = replica(ns); Revocations b = replica(ns)) {
            Thread.sleep(500); // both subscribed
            long at = now();
            OidcUser alice = user("alice", "sid-1", at - 10);
            assertTrue(a.revoke(Revocations.Kind.SID, "sid-1", at, true));
            assertTrue(a.ended(alice));
            long start = System.nanoTime();
            await(Duration.ofSeconds(1), () -> b.ended(alice), "not on the other replica within 1 s");
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
            assertFalse(b.ended(user("alice", "sid-1", at + 1)), "a login after the revocation stays");
            assertFalse(b.ended(user("alice", "sid-2", at - 10)), "another provider session stays");
        }
    }

    @Test
    @DisplayName("a replica that starts after the revocation reads it from Redis")
    void laterReplicaReadsTheSet() throws Exception {
        String ns = UUID.randomUUID().toString();
        long at = now();
        try (Revocations a = replica(ns)) {
            a.revoke(Revocations.Kind.SUB, "bob", at, true);
            await(Duration.ofSeconds(5), () -> !a.degraded() && stored(ns), "not stored");
            try (Revocations late = replica(ns)) {
                await(Duration.ofSeconds(3), () -> late.ended(user("bob", null, at - 5)), "the late replica missed it");
            }
        }
    }

    /** Whether a third replica of {@code ns} reads anything from the set (a fresh one reads it at once). */
    private boolean stored(String ns) {
        try (Revocations probe = replica(ns)) {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                if (probe.size() > 0) return true;
                Thread.sleep(20);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @DisplayName("Redis stopped during a logout, then started: the revocation reaches the other replica afterwards")
    void survivesRedisDown() throws Exception {
        String ns = UUID.randomUUID().toString();
        Path server = Path.of(System.getProperty("redis.server", "/usr/bin/redis-server"));
        try (Revocations a = replica(ns); Revocations b = replica(ns)) {
            Thread.sleep(500);
            OidcUser known = user("carol", "sid-k", now() - 10);
            a.revoke(Revocations.Kind.SID, "sid-k", now(), true);
            await(Duration.ofSeconds(1), () -> b.ended(known), "the first revocation did not arrive");
            stopRedis();
            long at = now();
            OidcUser dave = user("dave", "sid-d", at - 10);
            a.revoke(Revocations.Kind.SID, "sid-d", at, true);
            assertTrue(a.ended(dave), "applied locally at once");
            await(Duration.ofSeconds(10), a::degraded, "the replica does not say degraded");
            Thread.sleep(1000);
            assertFalse(b.ended(dave), "cannot have arrived without Redis");
            assertTrue(b.ended(known), "what a replica knows stays known while Redis is down");
            start(server); // a Redis without persistence comes back empty: the set is refilled by the replica that kept it
            await(Duration.ofSeconds(20), () -> b.ended(dave), "the revocation did not arrive after Redis came back");
            await(Duration.ofSeconds(10), () -> !a.degraded(), "still degraded with Redis back");
        }
    }

    @Test
    @DisplayName("unreadable lines in the set or on the channel are ignored; a readable one after them is taken")
    void ignoresGarbage() throws Exception {
        String ns = UUID.randomUUID().toString();
        try (Revocations a = replica(ns);
             io.oidckit.ReplicaChannel raw = new RedisChannel().open(URI.create("redis://127.0.0.1:" + port), ns,
                     line -> { })) {
            Thread.sleep(500);
            for (String line : List.of("", "v2 sid 1 x", "v1 xyz " + now() + " x", "v1 sid " + now(),
                    "v1 sid not-a-number x", "v1 sid 1 expired-long-ago")) {
                raw.publish(line, KEEP).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            Thread.sleep(500);
            assertTrue(a.size() == 0, "nothing taken from unreadable lines: " + a.size());
            raw.publish("v1 sid " + now() + " good", KEEP).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            await(Duration.ofSeconds(1), () -> a.size() == 1, "the readable line was not taken");
            assertTrue(a.ended(user("x", "good", now() - 5)));
        }
    }

    @Test
    @DisplayName("short-lived values: a claim is taken once until its time is up or it is removed; put and get, per namespace")
    void values() throws Exception {
        String ns = UUID.randomUUID().toString();
        URI url = URI.create("redis://127.0.0.1:" + port);
        try (io.oidckit.ReplicaChannel a = new RedisChannel().open(url, ns, line -> { });
             io.oidckit.ReplicaChannel b = new RedisChannel().open(url, ns, line -> { });
             io.oidckit.ReplicaChannel other = new RedisChannel().open(url, ns + "-other", line -> { })) {
            assertTrue(wait(a.claim("lock", "1", 5_000)), "the first claim takes it");
            assertFalse(wait(b.claim("lock", "1", 5_000)), "the other replica's claim does not");
            assertTrue(wait(other.claim("lock", "1", 5_000)), "another app's namespace is apart");
            wait(a.remove("lock"));
            assertTrue(wait(b.claim("lock", "1", 300)), "removed: free again");
            await(Duration.ofSeconds(5), () -> {
                try {
                    return wait(a.claim("lock", "1", 5_000));
                } catch (Exception e) {
                    return false;
                }
            }, "a claim's time ran out but it is still held");
            wait(a.put("answer", "sealed", 5_000));
            assertEquals("sealed", wait(b.get("answer")));
            assertNull(wait(other.get("answer")));
            wait(a.put("short", "x", 200));
            await(Duration.ofSeconds(5), () -> {
                try {
                    return wait(b.get("short")) == null;
                } catch (Exception e) {
                    return false;
                }
            }, "a value outlived its time");
        }
    }

    private static <T> T wait(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
