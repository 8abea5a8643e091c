package io.oidckit;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The core's tests' stand-in for oidc-redis (which depends on the core, so the core cannot test with it): the
 * revocation channel of {@code OIDC_REDIS_URL} held in this JVM, shared by every relying party of one namespace.
 * oidc-redis's own tests run the real one against redis-server.
 */
public final class InProcessChannel implements ReplicaChannel.Factory {
    private record Stored(String line, long at) {
    }

    private static final Map<String, List<Stored>> STORED = new ConcurrentHashMap<>();
    private static final Map<String, List<Consumer<String>>> LISTENERS = new ConcurrentHashMap<>();
    private record Value(String text, long until) {
    }

    private static final Map<String, Value> VALUES = new ConcurrentHashMap<>();
    /** Calls of {@link ReplicaChannel#claim} that set the key, over every namespace: what the tests count. */
    public static final java.util.concurrent.atomic.AtomicInteger CLAIMED = new java.util.concurrent.atomic.AtomicInteger();
    /** While set, every operation fails, as with Redis down. */
    public static volatile boolean down;

    @Override
    public boolean accepts(URI url) {
        return "redis".equals(url.getScheme());
    }

    @Override
    public ReplicaChannel open(URI url, String namespace, Consumer<String> received) {
        String ns = url + " " + namespace;
        LISTENERS.computeIfAbsent(ns, k -> new CopyOnWriteArrayList<>()).add(received);
        return new ReplicaChannel() {
            @Override
            public CompletionStage<Void> publish(String revocation, long keepSeconds) {
                if (down) return failed();
                STORED.computeIfAbsent(ns, k -> new CopyOnWriteArrayList<>())
                        .add(new Stored(revocation, System.currentTimeMillis() / 1000));
                LISTENERS.getOrDefault(ns, List.of()).forEach(l -> l.accept(revocation));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<List<String>> since(long epochSeconds) {
                if (down) return failed();
                return CompletableFuture.completedFuture(STORED.getOrDefault(ns, List.of()).stream()
                        .filter(s -> s.at() >= epochSeconds).map(Stored::line).toList());
            }

            @Override
            public CompletionStage<Boolean> claim(String key, String value, long millis) {
                if (down) return failed();
                long now = System.currentTimeMillis();
                boolean[] set = {false};
                VALUES.compute(ns + " " + key, (k, v) -> {
                    if (v != null && v.until > now) return v;
                    set[0] = true;
                    return new Value(value, now + millis);
                });
                if (set[0]) CLAIMED.incrementAndGet();
                return CompletableFuture.completedFuture(set[0]);
            }

            @Override
            public CompletionStage<Void> put(String key, String value, long millis) {
                if (down) return failed();
                VALUES.put(ns + " " + key, new Value(value, System.currentTimeMillis() + millis));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<String> get(String key) {
                if (down) return failed();
                Value v = VALUES.get(ns + " " + key);
                return CompletableFuture.completedFuture(v == null || v.until <= System.currentTimeMillis() ? null : v.text);
            }

            @Override
            public CompletionStage<Void> remove(String key) {
                if (down) return failed();
                VALUES.remove(ns + " " + key);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                LISTENERS.getOrDefault(ns, List.of()).remove(received);
            }
        };
    }

    /** Replaces every value whose key ends with {@code suffix}, as someone with write access to Redis could. */
    public static void tamper(String suffix, String text) {
        VALUES.replaceAll((k, v) -> k.endsWith(suffix) ? new Value(text, v.until) : v);
    }

    private static <T> CompletionStage<T> failed() {
        return CompletableFuture.failedFuture(new java.io.IOException("the in-process store is down"));
    }
}
