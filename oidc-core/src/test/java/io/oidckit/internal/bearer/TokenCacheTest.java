package io.oidckit.internal.bearer;

import io.oidckit.OidcUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The bearer token cache")
class TokenCacheTest {
    static final long NOW = 1_000_000;

    static TokenCache.Verdict passed(String sub) {
        return new TokenCache.Verdict(new OidcUser(sub, null, null, null, Set.of(), 0, NOW / 1000 + 60, Set.of()), null, NOW + 60_000);
    }

    static void remember(TokenCache cache, String token, TokenCache.Verdict v) {
        cache.once(new TokenCache.Key(token), NOW, () -> CompletableFuture.completedFuture(v));
    }

    /** Token {@code i} of {@code length} characters: all of them share their last characters, so one hash, one map bin. */
    static String token(int i, int length) {
        String head = "t" + i + "-";
        return head + "x".repeat(length - head.length());
    }

    @Test
    @DisplayName("tells apart tokens that share their length and end (one hash): each has its own verdict")
    void sharedEnds() {
        TokenCache cache = new TokenCache(1000, 1 << 20);
        for (int i = 0; i < 200; i++) remember(cache, token(i, 100), passed("u" + i));
        assertEquals(1, java.util.stream.IntStream.range(0, 200).map(i -> new TokenCache.Key(token(i, 100)).hashCode()).distinct().count());
        for (int i = 0; i < 200; i++) {
            TokenCache.Verdict v = cache.get(new TokenCache.Key(token(i, 100)), NOW);
            assertNotNull(v, "token " + i);
            assertEquals("u" + i, v.user().subject());
        }
        assertNull(cache.get(new TokenCache.Key(token(200, 100)), NOW), "never seen: no verdict, whatever its hash");
    }

    @Test
    @DisplayName("holds at most its characters' worth of tokens, dropping the expired ones first, then some of the rest")
    void boundedInCharacters() {
        TokenCache cache = new TokenCache(1000, 10_000);
        for (int i = 0; i < 50; i++) remember(cache, token(i, 1000), passed("u" + i));
        assertTrue(cache.chars() <= 10_000, "chars " + cache.chars());
        assertTrue(cache.size() <= 10 && cache.size() >= 8, "size " + cache.size());
        assertEquals(cache.size() * 1000L, cache.chars(), "counted as they came and went");
        assertNotNull(cache.get(new TokenCache.Key(token(49, 1000)), NOW), "the newest is kept");
        remember(cache, "y".repeat(10_001), passed("huge"));
        assertNull(cache.get(new TokenCache.Key("y".repeat(10_001)), NOW), "alone over the bound: never kept");
        TokenCache.Key expiring = new TokenCache.Key(token(49, 1000));
        assertNull(cache.get(expiring, NOW + 60_000), "expired");
        assertEquals(cache.size() * 1000L, cache.chars(), "an expired one is no longer counted");
    }

    @Test
    @DisplayName("holds at most its number of entries")
    void boundedInEntries() {
        TokenCache cache = new TokenCache(100, 1 << 20);
        for (int i = 0; i < 1000; i++) remember(cache, "token-" + i, passed("u" + i));
        assertTrue(cache.size() <= 100, "size " + cache.size());
        assertNotNull(cache.get(new TokenCache.Key("token-999"), NOW));
    }
}
