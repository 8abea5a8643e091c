package io.oidckit.internal.bearer;

import com.nimbusds.jwt.JWTClaimsSet;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.OidcUser;
import io.oidckit.internal.Roles;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.provider.ProviderInfo;
import io.oidckit.internal.tokens.AccessTokenVerifier;
import io.oidckit.internal.tokens.Claims;

import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Who a bearer token stands for: a JWT access token validated locally ({@link AccessTokenVerifier}), an opaque one
 * (or every one, with {@code OIDC_API_INTROSPECT=always}) through the provider's introspection endpoint (RFC 7662).
 * A token that passed is remembered until its {@code exp} (an introspection answer at most
 * {@code OIDC_API_CACHE_TTL}), so a repeat costs a lookup; an inactive answer is remembered for
 * {@value #INACTIVE_KEPT_MS} ms, so a client retrying a revoked token does not hammer the provider.
 */
public final class BearerTokens {
    /** How many tokens are remembered at most: a bound on memory, whatever the traffic. */
    static final int MAX_ENTRIES = 10_000;
    /** And how many of their characters: 8 MiB of heap (compact strings), some 10,000 tokens of a typical size. */
    static final long MAX_CHARS = 8L << 20;
    static final long INACTIVE_KEPT_MS = 30_000;

    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final AccessTokenVerifier verifier;
    private final TokenCache cache = new TokenCache(MAX_ENTRIES, MAX_CHARS);

    public BearerTokens(OidcConfig config, Clock clock, ProviderClient provider) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.verifier = config.apiAudience() == null ? null : new AccessTokenVerifier(config, provider, clock);
    }

    /**
     * The user of a token that passed every check before and has not expired, or {@code null}: a look-up, nothing
     * else, for the request path of a known token.
     */
    public OidcUser known(String token) {
        TokenCache.Verdict v = verifier == null ? null : cache.get(new TokenCache.Key(token), clock.millis());
        return v == null ? null : v.user();
    }

    /**
     * The user {@code token} stands for; the stage fails with {@link ErrorCode#ACCESS_TOKEN_INVALID} when it is
     * refused, or with the provider's failure (503, 502) when it could not be judged.
     */
    public CompletionStage<OidcUser> user(String token) {
        if (verifier == null) {
            return refused("OIDC_API_AUDIENCE is not set, so no bearer token is accepted");
        }
        long now = clock.millis();
        TokenCache.Key key = new TokenCache.Key(token);
        TokenCache.Verdict known = cache.get(key, now);
        CompletionStage<TokenCache.Verdict> verdict = known != null
                ? CompletableFuture.completedFuture(known) : cache.once(key, now, () -> judge(token, now));
        return verdict.thenApply(v -> {
            if (v.user() == null) throw new OidcException(ErrorCode.ACCESS_TOKEN_INVALID, v.refused());
            return v.user();
        });
    }

    private CompletionStage<TokenCache.Verdict> judge(String token, long now) {
        boolean jwt = token.chars().filter(c -> c == '.').count() == 2;
        String mode = config.apiIntrospect();
        return provider.metadata().thenCompose(info -> {
            if (mode.equals("always") || (mode.equals("auto") && !jwt)) return introspect(info, token, now);
            if (!jwt) return refused("the access token is not a JWT, and OIDC_API_INTROSPECT=never");
            return verifier.verify(token, info.issuer()).thenApply(claims -> {
                OidcUser user = user(claims.getClaims(), claims);
                return new TokenCache.Verdict(user, null, user.expiresAt() * 1000);
            });
        });
    }

    private CompletionStage<TokenCache.Verdict> introspect(ProviderInfo info, String token, long now) {
        return provider.introspect(info, token).thenApply(answer -> {
            String why = inactive(answer, info, now);
            if (why != null) return new TokenCache.Verdict(null, why, now + Math.min(INACTIVE_KEPT_MS, config.apiCacheTtl().toMillis()));
            Claims.check(answer, INTROSPECTION_TYPES, ErrorCode.ACCESS_TOKEN_INVALID, "introspection answer");
            OidcUser user = user(answer, null);
            long until = now + config.apiCacheTtl().toMillis();
            if (answer.get("exp") != null) until = Math.min(until, user.expiresAt() * 1000);
            return new TokenCache.Verdict(user, null, until);
        });
    }

    private static final Map<String, Claims.Type> INTROSPECTION_TYPES = Map.of(
            "iss", Claims.Type.STRING, "aud", Claims.Type.STRING_OR_STRINGS, "exp", Claims.Type.NUMBER,
            "iat", Claims.Type.NUMBER, "scope", Claims.Type.STRING, "name", Claims.Type.STRING,
            "email", Claims.Type.STRING, "preferred_username", Claims.Type.STRING);

    /** Why an introspection answer does not let the token in, or {@code null} when it does (RFC 7662 §2.2, §4). */
    private String inactive(Map<String, Object> answer, ProviderInfo info, long now) {
        if (!Boolean.TRUE.equals(answer.get("active"))) return "the introspection endpoint says the token is not active";
        long skew = config.clockSkew().toMillis();
        if (answer.get("exp") instanceof Number exp && exp.longValue() * 1000 + skew <= now) {
            return "the introspection answer's exp has passed";
        }
        Object iss = answer.get("iss");
        if (iss != null && !info.issuer().equals(iss)) return "the introspection answer names another issuer";
        Object aud = answer.get("aud");
        boolean ours = aud instanceof String s ? s.equals(config.apiAudience())
                : aud instanceof List<?> l && l.contains(config.apiAudience());
        if (!ours) return "the introspection answer's aud does not contain OIDC_API_AUDIENCE";
        return null;
    }

    /** The user from a token's claims; {@code parsed} is the JWT's claims set (its times are Dates), else null. */
    private OidcUser user(Map<String, Object> claims, JWTClaimsSet parsed) {
        long now = clock.millis() / 1000;
        long iat = parsed != null ? parsed.getIssueTime().getTime() / 1000 : seconds(claims.get("iat"), now);
        long exp = parsed != null ? parsed.getExpirationTime().getTime() / 1000
                : seconds(claims.get("exp"), now + config.apiCacheTtl().toSeconds());
        Set<String> scopes = claims.get("scope") instanceof String s
                ? Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toUnmodifiableSet())
                : Set.of();
        return new OidcUser((String) claims.get("sub"), text(claims, "name"), text(claims, "email"),
                text(claims, "preferred_username"), Roles.from(claims, config.rolesClaim()), iat, exp, scopes);
    }

    private static long seconds(Object value, long otherwise) {
        if (value instanceof Date d) return d.getTime() / 1000;
        return value instanceof Number n ? n.longValue() : otherwise;
    }

    private static String text(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String s ? s : null;
    }

    private static <T> CompletionStage<T> refused(String why) {
        return CompletableFuture.failedFuture(new OidcException(ErrorCode.ACCESS_TOKEN_INVALID, why));
    }
}
