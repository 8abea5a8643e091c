package io.oidckit.internal.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logout token validation, OpenID Connect Back-Channel Logout 1.0 §2.6, under the ID token's key and algorithm
 * rules ({@link SignedJwts}): the signature with a key from {@code jwks_uri} (or the client secret for a listed HMAC
 * algorithm), {@code typ} absent, {@code JWT} or {@code logout+jwt} (§2.4), {@code iss} exactly, {@code aud} holding
 * the client, {@code iat} present and neither in the future nor older than {@link #MAX_AGE_SECONDS} (with the clock
 * skew), {@code exp} when present, {@code jti} present and never seen before, the {@code events} member naming the
 * back-channel logout event with an object, a {@code sid} or a {@code sub} (or both, each a bounded ASCII string),
 * and no {@code nonce}, so an ID token is never taken for a logout token.
 */
public final class LogoutTokenVerifier {
    /** §2.4. */
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /**
     * How old (by its {@code iat}) a logout token may be: the provider sends it when the user logs out, so five
     * minutes is generous, and it bounds how long a {@code jti} must be remembered to refuse its replay.
     */
    public static final long MAX_AGE_SECONDS = 300;
    private static final int MAX_REMEMBERED = 100_000;
    private static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");

    /** What a valid logout token says: who logged out, and when it was issued (epoch seconds). */
    public record Logout(String sub, String sid, long issuedAt) {
    }

    private record Cached(JWKSet keys, String issuer, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private final OidcConfig config;
    private final KeySource provider;
    private final Clock clock;
    private final Set<JWSAlgorithm> asymmetric = new LinkedHashSet<>();
    /** The jti of each accepted token, until it is too old to be accepted anyway. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile Cached cached;

    public LogoutTokenVerifier(OidcConfig config, KeySource provider, Clock clock) {
        this.config = config;
        this.provider = provider;
        this.clock = clock;
        for (String alg : config.idTokenSigningAlgs()) {
            JWSAlgorithm a = JWSAlgorithm.parse(alg);
            if (!JWSAlgorithm.Family.HMAC_SHA.contains(a)) asymmetric.add(a);
        }
    }

    /** The logout {@code raw} announces, when it is a valid logout token of {@code issuer} seen for the first time. */
    public CompletionStage<Logout> verify(String raw, String issuer) {
        SignedJWT jwt;
        try {
            jwt = SignedJwts.parse(raw, config.idTokenSigningAlgs(), ErrorCode.LOGOUT_TOKEN_INVALID, "the logout token");
        } catch (OidcException e) {
            return CompletableFuture.failedFuture(e);
        }
        JWSHeader header = jwt.getHeader();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())) {
            DefaultJWTProcessor<SecurityContext> p = processor(new JWSVerificationKeySelector<>(header.getAlgorithm(),
                    new ImmutableSecret<>(config.clientSecret().getBytes(StandardCharsets.UTF_8))), issuer);
            return io.oidckit.internal.Async.supply(() -> check(p, jwt, issuer));
        }
        return SignedJwts.withKeys(provider, header, keys -> check(processorFor(keys, issuer), jwt, issuer),
                ErrorCode.LOGOUT_TOKEN_INVALID, "the logout token");
    }

    private DefaultJWTProcessor<SecurityContext> processorFor(JWKSet keys, String issuer) {
        Cached c = cached;
        if (c != null && c.keys() == keys && c.issuer().equals(issuer)) return c.processor();
        DefaultJWTProcessor<SecurityContext> p = processor(new JWSVerificationKeySelector<>(asymmetric,
                new ImmutableJWKSet<>(keys)), issuer);
        cached = new Cached(keys, issuer, p);
        return p;
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWSVerificationKeySelector<SecurityContext> selector, String issuer) {
        return SignedJwts.processor(selector, new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, LOGOUT_JWT, null),
                config.clientId(), issuer, Set.of("iss", "aud", "iat", "jti", "events"), Set.of("nonce"),
                config.clockSkew(), clock);
    }

    private Logout check(DefaultJWTProcessor<SecurityContext> processor, SignedJWT jwt, String issuer) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null); // signature, typ, iss, aud, required and prohibited claims, exp
        } catch (BadJOSEException | JOSEException e) {
            throw invalid("was rejected: " + e.getMessage());
        }
        Map<String, Object> sent = jwt.getPayload().toJSONObject();
        if (!(sent.get("iat") instanceof Number iatNumber)) throw invalid("has no numeric iat");
        long iat = iatNumber.longValue(), now = clock.millis() / 1000, skew = config.clockSkew().toSeconds();
        if (iat > now + skew) throw invalid("was issued in the future (iat)");
        if (iat < now - MAX_AGE_SECONDS - skew) throw invalid("is older than " + MAX_AGE_SECONDS + " s (iat)");
        if (!(sent.get("events") instanceof Map<?, ?> events) || !(events.get(EVENT) instanceof Map<?, ?>)) {
            throw invalid("has no events member naming " + EVENT + " with a JSON object");
        }
        Object sub = sent.get("sub"), sid = sent.get("sid");
        if (sub == null && sid == null) throw invalid("has neither sub nor sid");
        if ((sub != null && !Claims.validSubject(sub)) || (sid != null && !Claims.validSubject(sid))) {
            throw invalid("has a sub or sid that is not a string of 1 to 255 ASCII characters");
        }
        if (!(sent.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 255) {
            throw invalid("has no jti string of at most 255 characters");
        }
        remember(issuer + " " + jti, iat + MAX_AGE_SECONDS + skew, now);
        return new Logout((String) sub, (String) sid, iat);
    }

    /** Refuses a jti seen before; keeps it until a token of that age is refused by its iat anyway. */
    private void remember(String key, long until, long now) {
        if (seen.size() >= MAX_REMEMBERED) seen.values().removeIf(t -> t < now);
        if (seen.size() >= MAX_REMEMBERED) throw invalid("arrived with too many others to remember its jti");
        if (seen.putIfAbsent(key, until) != null) throw invalid("was seen before (its jti): a replay");
    }

    private static OidcException invalid(String why) {
        return new OidcException(ErrorCode.LOGOUT_TOKEN_INVALID, "the logout token " + why);
    }
}
