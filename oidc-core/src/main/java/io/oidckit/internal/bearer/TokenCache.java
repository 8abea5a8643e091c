package io.oidckit.internal.bearer;

import io.oidckit.OidcUser;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What bearer tokens were found to be, each kept until a time of its own and bounded in entries and in characters;
 * and at most one check in flight per token, so a burst of requests with a new token makes one introspection call.
 * Keyed by the token itself, compared in full: a look-up reads it once, where hashing it with SHA-256
 * was most of what a known token's check cost on the request path (benchmarks/RESULTS.md). The tokens are in memory
 * for as long as their verdicts, as they were in the requests that carried them.
 */
final class TokenCache {
    /** A token's verdict: the user it stands for, or {@code null} with why it was refused; kept until {@code until}. */
    record Verdict(OidcUser user, String refused, long until) {
    }

    /**
     * A token as a map key: equal only to the same token, hashed on its length and last {@value #TAIL} characters (a
     * JWT's signature, an opaque token's random end) rather than all of it. Comparable, so many tokens sharing an end
     * (a client crafting them) fill a tree bin of the map, searched in log n, never a list.
     */
    record Key(String token) implements Comparable<Key> {
        static final int TAIL = 32;

        @Override
        public int hashCode() {
            int h = token.length();
            for (int i = Math.max(0, token.length() - TAIL); i < token.length(); i++) h = 31 * h + token.charAt(i);
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.token.equals(token);
        }

        @Override
        public int compareTo(Key o) {
            return token.compareTo(o.token);
        }

        /** Never the token: a key that ends up in a log must not hand out a credential. */
        @Override
        public String toString() {
            return "a token of " + token.length() + " characters";
        }
    }

    private final int max;
    private final long maxChars;
    private final ConcurrentHashMap<Key, Verdict> verdicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<Verdict>> inFlight = new ConcurrentHashMap<>();
    /** The characters of the tokens in {@link #verdicts}: counted on each insert and removal that took place. */
    private final AtomicLong chars = new AtomicLong();

    TokenCache(int max, long maxChars) {
        this.max = max;
        this.maxChars = maxChars;
    }

    /** The verdict on {@code key} that is still good at {@code now}, or {@code null}. */
    Verdict get(Key key, long now) {
        Verdict v = verdicts.get(key);
        if (v == null) return null;
        if (v.until() > now) return v;
        drop(key, v);
        return null;
    }

    /** The verdict {@code check} comes to, one check at a time per key; kept when it has a future. */
    CompletionStage<Verdict> once(Key key, long now, Supplier<CompletionStage<Verdict>> check) {
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

    private void put(Key key, Verdict v, long now) {
        long size = key.token().length();
        if (size > maxChars) return; // alone over the bound: checked again each time
        if (verdicts.size() >= max || chars.get() + size > maxChars) {
            verdicts.forEach((k, old) -> {
                if (old.until() <= now) drop(k, old);
            });
            // Still full of live tokens: drop about a tenth, in no particular order; each costs one check again.
            Iterator<Map.Entry<Key, Verdict>> it = verdicts.entrySet().iterator();
            while ((verdicts.size() >= max - max / 10 || chars.get() + size > maxChars - maxChars / 10) && it.hasNext()) {
                Map.Entry<Key, Verdict> e = it.next();
                drop(e.getKey(), e.getValue());
            }
        }
        if (verdicts.put(key, v) == null) chars.addAndGet(size);
    }

    private void drop(Key key, Verdict v) {
        if (verdicts.remove(key, v)) chars.addAndGet(-key.token().length());
    }

    int size() {
        return verdicts.size();
    }

    long chars() {
        return chars.get();
    }
}
