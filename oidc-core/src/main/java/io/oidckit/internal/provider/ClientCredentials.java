package io.oidckit.internal.provider;

import io.oidckit.ServiceTokens;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ServiceTokens} through the token endpoint. A token is handed out until four fifths of its lifetime have
 * passed (at the latest {@value #MARGIN_S} s before it expires), a token without a stated lifetime for
 * {@value #UNSTATED_S} s; then the next caller renews it, one call per scopes and resource however many wait, while
 * a token that has not expired yet is still handed out to the others.
 */
public final class ClientCredentials implements ServiceTokens {
    static final long MARGIN_S = 30;
    static final long UNSTATED_S = 60;

    private record Key(Set<String> scopes, URI resource) {
    }

    private record Held(String token, long renewAt, long expiresAt) {
    }

    private final ProviderClient provider;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Held> held = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<String>> renewing = new ConcurrentHashMap<>();

    public ClientCredentials(ProviderClient provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public CompletionStage<String> token(Set<String> scopes, URI resource) {
        Key key = new Key(Set.copyOf(Objects.requireNonNull(scopes, "scopes")), resource);
        long now = clock.millis();
        Held h = held.get(key);
        if (h != null && now < h.renewAt()) return CompletableFuture.completedFuture(h.token());
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = renewing.putIfAbsent(key, mine);
        if (running != null) {
            return h != null && now < h.expiresAt() ? CompletableFuture.completedFuture(h.token()) : running;
        }
        provider.metadata().thenCompose(info -> provider.clientCredentials(info, key.scopes(), resource))
                .whenComplete((issued, failure) -> {
                    if (issued != null) {
                        long at = clock.millis();
                        long life = issued.lifetime() > 0 ? issued.lifetime() * 1000 : UNSTATED_S * 1000;
                        long renewAt = at + Math.min(life * 4 / 5, Math.max(0, life - MARGIN_S * 1000));
                        held.put(key, new Held(issued.value(), renewAt, at + life));
                    }
                    renewing.remove(key, mine);
                    if (failure != null) mine.completeExceptionally(io.oidckit.internal.Async.unwrap(failure));
                    else mine.complete(issued.value());
                });
        return mine;
    }
}
