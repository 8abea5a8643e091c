package io.oidckit.internal.flows;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.ReplicaChannel;
import io.oidckit.internal.Async;
import io.oidckit.internal.Json;
import io.oidckit.internal.provider.RefreshedTokens;
import io.oidckit.internal.sessions.Sealer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One refresh per refresh token among the replicas, through their {@link ReplicaChannel}: the replica that claims
 * the token's short lock makes the call and leaves the answer for {@link Refresh#REUSE_SECONDS}; another one that
 * holds the same refresh token meanwhile reads that answer instead of spending the token again (with rotation, a
 * second spend is a reuse the provider answers by revoking every token of the login).
 *
 * <p>Nothing in the store names or opens a token by itself: the key is derived from the refresh token, and the answer
 * is sealed under a key derived from it too, so only a replica that holds the old refresh token finds and reads the
 * new ones. A store that cannot be reached is not a reason to keep the user waiting: this replica refreshes alone
 * (OIDC805), as a single node would.
 */
final class SharedRefresh implements RefreshShare {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** How often a replica that did not get the lock looks for the answer. */
    static final long POLL_MILLIS = 50;

    private final ReplicaChannel channel;
    private final Clock clock;
    /** Longer than a refresh can take (the token request and a key fetch, each bounded by OIDC_HTTP_TIMEOUT). */
    private final long lockMillis;

    SharedRefresh(ReplicaChannel channel, Clock clock, Duration responseTimeout, Duration connectTimeout) {
        this.channel = channel;
        this.clock = clock;
        this.lockMillis = 2 * (responseTimeout.toMillis() + connectTimeout.toMillis()) + 1000;
    }

    @Override
    public CompletionStage<RefreshedTokens> once(String refreshToken, Supplier<CompletionStage<RefreshedTokens>> call) {
        byte[] rt = refreshToken.getBytes(StandardCharsets.UTF_8);
        String id = "refresh:" + B64.encodeToString(Sealer.hkdf(rt, "oidckit/v1/refresh-share/id", 18));
        Sealer sealer = new Sealer(List.of(refreshToken), "refresh-share");
        return attempt(id, sealer, call, clock.millis() + lockMillis + 1000);
    }

    /** The answer when another replica left it; else the lock and the call; else, until the deadline, a look later. */
    private CompletionStage<RefreshedTokens> attempt(String id, Sealer sealer, Supplier<CompletionStage<RefreshedTokens>> call,
                                                     long deadline) {
        CompletableFuture<RefreshedTokens> result = new CompletableFuture<>();
        channel.get(id + ":answer").thenCompose(sealed -> {
            if (sealed != null) return CompletableFuture.completedFuture(Step.answer(open(sealer, sealed)));
            return channel.claim(id + ":lock", "1", lockMillis).thenApply(mine -> mine ? Step.CALL : Step.WAIT);
        }).whenComplete((step, failure) -> {
            if (failure != null && Async.unwrap(failure) instanceof OidcException) {
                result.completeExceptionally(failure); // an answer that does not open: never a second spend
            } else if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, ErrorCode.REFRESH_SHARE_UNAVAILABLE.code() + " the replicas' store (OIDC_REDIS_URL) cannot be reached ("
                        + Async.unwrap(failure) + "): this replica refreshes alone");
                forward(call.get(), result);
            } else if (step.tokens != null) {
                result.complete(step.tokens);
            } else if (step == Step.CALL) {
                forward(callAndLeave(id, sealer, call), result);
            } else if (clock.millis() >= deadline) {
                result.completeExceptionally(new OidcException(ErrorCode.REFRESH_UNAVAILABLE,
                        "another replica holds this session's refresh and left no answer in time"));
            } else {
                CompletableFuture.runAsync(() -> forward(attempt(id, sealer, call, deadline), result),
                        CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS));
            }
        });
        return result;
    }

    /** The call under the lock: its answer left for the others, or the lock given up so another replica may try. */
    private CompletionStage<RefreshedTokens> callAndLeave(String id, Sealer sealer, Supplier<CompletionStage<RefreshedTokens>> call) {
        CompletionStage<RefreshedTokens> made;
        try {
            made = call.get();
        } catch (RuntimeException e) {
            made = CompletableFuture.failedFuture(e);
        }
        return made.handle((tokens, failure) -> {
            if (failure != null) {
                channel.remove(id + ":lock");
                throw failure instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(failure);
            }
            // Not waited for: this replica has its answer; a store that fails here only costs the others a refresh.
            channel.put(id + ":answer", sealer.seal(write(tokens, clock.millis())), Refresh.REUSE_SECONDS * 1000);
            return tokens;
        });
    }

    private static <T> void forward(CompletionStage<T> from, CompletableFuture<T> to) {
        from.whenComplete((v, failure) -> {
            if (failure != null) to.completeExceptionally(failure);
            else to.complete(v);
        });
    }

    /** What one look at the store found. */
    private record Step(RefreshedTokens tokens) {
        static final Step CALL = new Step(null);
        static final Step WAIT = new Step(null);

        static Step answer(RefreshedTokens tokens) {
            return new Step(tokens);
        }
    }

    private static String write(RefreshedTokens t, long at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", t.accessToken());
        m.put("l", t.lifetime());
        if (t.scopes() != null) m.put("s", List.copyOf(t.scopes()));
        if (t.refreshToken() != null) m.put("r", t.refreshToken());
        m.put("at", at);
        return Json.write(m);
    }

    /** The answer another replica left, its lifetime counted from when it got it; anything unreadable is a failure. */
    private RefreshedTokens open(Sealer sealer, String sealed) {
        String text = sealer.open(sealed);
        try {
            Map<String, Object> m = Json.parseObject(text);
            String access = Json.string(m, "a");
            if (access == null) throw new java.text.ParseException("no access token", 0);
            long lifetime = Json.number(m, "l");
            if (lifetime > 0) lifetime = Math.max(1, lifetime - (clock.millis() - Json.number(m, "at")) / 1000);
            Set<String> scopes = m.containsKey("s")
                    ? Set.copyOf(Json.list(m, "s").stream().map(String::valueOf).toList()) : null;
            // The ID token was checked by the replica that made the call, and is not kept: not passed on.
            return new RefreshedTokens(access, lifetime, scopes, Json.string(m, "r"), null);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new OidcException(ErrorCode.REFRESH_UNAVAILABLE, "another replica's refresh answer does not open");
        }
    }
}
