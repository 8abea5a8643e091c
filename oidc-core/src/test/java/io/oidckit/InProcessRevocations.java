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
public final class InProcessRevocations implements RevocationChannel.Factory {
    private record Stored(String line, long at) {
    }

    private static final Map<String, List<Stored>> STORED = new ConcurrentHashMap<>();
    private static final Map<String, List<Consumer<String>>> LISTENERS = new ConcurrentHashMap<>();

    @Override
    public boolean accepts(URI url) {
        return "redis".equals(url.getScheme());
    }

    @Override
    public RevocationChannel open(URI url, String namespace, Consumer<String> received) {
        String ns = url + " " + namespace;
        LISTENERS.computeIfAbsent(ns, k -> new CopyOnWriteArrayList<>()).add(received);
        return new RevocationChannel() {
            @Override
            public CompletionStage<Void> publish(String revocation, long keepSeconds) {
                STORED.computeIfAbsent(ns, k -> new CopyOnWriteArrayList<>())
                        .add(new Stored(revocation, System.currentTimeMillis() / 1000));
                LISTENERS.getOrDefault(ns, List.of()).forEach(l -> l.accept(revocation));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<List<String>> since(long epochSeconds) {
                return CompletableFuture.completedFuture(STORED.getOrDefault(ns, List.of()).stream()
                        .filter(s -> s.at() >= epochSeconds).map(Stored::line).toList());
            }

            @Override
            public void close() {
                LISTENERS.getOrDefault(ns, List.of()).remove(received);
            }
        };
    }
}
