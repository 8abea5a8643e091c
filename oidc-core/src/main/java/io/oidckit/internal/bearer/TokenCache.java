package io.oidckit.internal.bearer;

import io.oidckit.OidcUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What bearer tokens were found to be, by the SHA-256 of the token (never the token itself), each kept until a
 * time of its own and bounded in entries; and at most one check in flight per token, so a burst of requests with a
 * new token makes one introspection call.
 */
final class TokenCache {
    /** A token's verdict: the user it stands for, or {@code null} with why it was refused; kept until {@code until}. */
    record Verdict(OidcUser user, String refused, long until) {
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private final int max;
    private final ConcurrentHashMap<String, Verdict> verdicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Verdict>> inFlight = new ConcurrentHashMap<>();

    TokenCache(int max) {
        this.max = max;
    }

    /** The cache key of {@code token}: its SHA-256, as a string of 32 chars. */
    static String key(String token) {
        // ISO-8859-1: a copy of a compact string's bytes, where US-ASCII checks each one. A character beyond it becomes
        // '?', which no token that passed (a b64token) contains, so no unchecked token shares a key with a checked one.
        return new String(SHA_256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    /** The verdict on {@code key} that is still good at {@code now}, or {@code null}. */
    Verdict get(String key, long now) {
        Verdict v = verdicts.get(key);
        if (v == null) return null;
        if (v.until() > now) return v;
        verdicts.remove(key, v);
        return null;
    }

    /** The verdict {@code check} comes to, one check at a time per key; kept when it has a future. */
    CompletionStage<Verdict> once(String key, long now, Supplier<CompletionStage<Verdict>> check) {
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        CompletableFuture<Verdict> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return running;
        try {
            check.get().whenComplete((v, failure) -> {
                if (v != null && v.until() > now) put(key, v, now); // kept before the next caller can miss it
                inFlight.remove(key, mine);
                if (failure != null) mine.completeExceptionally(failure);
                else mine.complete(v);
            });
        } catch (RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private void put(String key, Verdict v, long now) {
        if (verdicts.size() >= max) {
            verdicts.values().removeIf(old -> old.until() <= now);
            // Still full of live tokens: drop about a tenth, in no particular order; each costs one check again.
            Iterator<String> it = verdicts.keySet().iterator();
            while (verdicts.size() >= max - max / 10 && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        verdicts.put(key, v);
    }

    int size() {
        return verdicts.size();
    }
}
