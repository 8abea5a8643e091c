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
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ID token validation, OpenID Connect Core 1.0 §3.1.3.7, always with a signature check (also for tokens from the
 * token endpoint, where §3.1.3.7 item 6 would allow TLS alone). The key comes only from the provider's
 * {@code jwks_uri} (or the client secret for an HMAC algorithm that was explicitly allowed); a token that brings
 * its own key material in its header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) is refused outright.
 *
 * <p>Checked: the algorithm against {@code OIDC_ID_TOKEN_SIGNING_ALGS}, the signature, {@code typ} (JWT or none),
 * {@code iss} exactly, {@code aud} contains the client, {@code sub}/{@code iat}/{@code exp} present, {@code exp}
 * and {@code nbf} with the clock skew, {@code iat} not in the future beyond the skew, {@code azp} (items 4-5), and
 * the {@code nonce}. One Nimbus processor is built per key set and reused, because building one per token and the
 * OIDC SDK's claims parsing (which throws and catches for a string {@code aud}) cost a quarter of the time
 * (benchmarks/RESULTS.md).
 */
public final class IdTokenVerifier {

    private record Cached(JWKSet keys, String issuer, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private final OidcConfig config;
    private final KeySource provider;
    private final Clock clock;
    private final Set<JWSAlgorithm> asymmetric = new LinkedHashSet<>();
    private volatile Cached cached;

    public IdTokenVerifier(OidcConfig config, KeySource provider, Clock clock) {
        this.config = config;
        this.provider = provider;
        this.clock = clock;
        for (String alg : config.idTokenSigningAlgs()) {
            JWSAlgorithm a = JWSAlgorithm.parse(alg);
            if (!JWSAlgorithm.Family.HMAC_SHA.contains(a)) asymmetric.add(a);
        }
    }

    /** The verified claims of {@code raw}, an ID token of {@code issuer} for this login's {@code expectedNonce}. */
    public CompletionStage<JWTClaimsSet> verify(String raw, String issuer, String expectedNonce) {
        return verify(raw, issuer, claims -> {
            if (!constantTimeEquals(stringClaim(claims, "nonce"), expectedNonce)) {
                throw new OidcException(ErrorCode.NONCE_MISMATCH, "the ID token's nonce does not match this login attempt's");
            }
        });
    }

    /**
     * The verified claims of {@code raw}, an ID token from a refresh answer (OpenID Connect Core 1.0 §12.2): checked
     * as at login, and then its {@code sub} must be the login's, its {@code auth_time} (when present) the login's
     * {@code authTime} (when known, else any), and its {@code nonce}, which it should not have, the login's when
     * present. A failure is OIDC802.
     */
    public CompletionStage<JWTClaimsSet> verifyRefreshed(String raw, String issuer, String sub, String nonce, long authTime) {
        return verify(raw, issuer, claims -> {
            String why = null;
            if (!sub.equals(claims.getSubject())) why = "its sub differs from the login's";
            Object at = claims.getClaim("auth_time");
            if (at != null && authTime > 0 && !(at instanceof Number n && n.longValue() == authTime)) {
                why = "its auth_time differs from the login's";
            }
            String n = stringClaim(claims, "nonce");
            if (n != null && !constantTimeEquals(n, nonce)) why = "it has a nonce other than the login's";
            if (why != null) throw new OidcException(ErrorCode.REFRESH_ID_TOKEN_INVALID, "the refresh answer's ID token is refused: " + why);
        }).exceptionally(failure -> {
            Throwable t = io.oidckit.internal.Async.unwrap(failure);
            if (t instanceof OidcException e && e.code() == ErrorCode.ID_TOKEN_INVALID) {
                throw new OidcException(ErrorCode.REFRESH_ID_TOKEN_INVALID, "the refresh answer's ID token is refused: " + e.getMessage());
            }
            throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
        });
    }

    private CompletionStage<JWTClaimsSet> verify(String raw, String issuer, java.util.function.Consumer<JWTClaimsSet> last) {
        SignedJWT jwt;
        try {
            jwt = SignedJwts.parse(raw, config.idTokenSigningAlgs(), ErrorCode.ID_TOKEN_INVALID, "the ID token");
        } catch (OidcException e) {
            return CompletableFuture.failedFuture(e);
        }
        JWSHeader header = jwt.getHeader();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())) {
            DefaultJWTProcessor<SecurityContext> p = processor(new JWSVerificationKeySelector<>(header.getAlgorithm(),
                    new ImmutableSecret<>(config.clientSecret().getBytes(StandardCharsets.UTF_8))), issuer);
            return io.oidckit.internal.Async.supply(() -> check(p, jwt, last));
        }
        return SignedJwts.withKeys(provider, header, keys -> check(processorFor(keys, issuer), jwt, last),
                ErrorCode.ID_TOKEN_INVALID, "the ID token");
    }

    /** The processor for this key set, built once per set the provider hands out (compared by identity). */
    private DefaultJWTProcessor<SecurityContext> processorFor(JWKSet keys, String issuer) {
        Cached c = cached;
        if (c != null && c.keys() == keys && c.issuer().equals(issuer)) return c.processor();
        DefaultJWTProcessor<SecurityContext> p = processor(new JWSVerificationKeySelector<>(asymmetric,
                new ImmutableJWKSet<>(keys)), issuer);
        cached = new Cached(keys, issuer, p);
        return p;
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWSVerificationKeySelector<SecurityContext> selector, String issuer) {
        return SignedJwts.processor(selector, new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null),
                config.clientId(), issuer, Set.of("iss", "sub", "aud", "exp", "iat"), Set.of(), config.clockSkew(), clock);
    }

    private JWTClaimsSet check(DefaultJWTProcessor<SecurityContext> processor, SignedJWT jwt,
                               java.util.function.Consumer<JWTClaimsSet> last) {
        JWTClaimsSet claims;
        try {
            // Signature, typ, iss, aud, required claims, exp and nbf with the skew.
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token was rejected: " + e.getMessage());
        }
        Claims.check(Claims.asSent(claims, jwt), Claims.ID_TOKEN_TYPES, ErrorCode.ID_TOKEN_INVALID, "ID token");
        // A sid is kept with the session and matched by logout tokens: the same bounded ASCII text as a sub.
        if (claims.getClaim("sid") != null && !Claims.validSubject(claims.getClaim("sid"))) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token's sid is not a string of 1 to 255 ASCII characters");
        }
        Date iat = claims.getIssueTime();
        if (iat.getTime() > clock.millis() + config.clockSkew().toMillis()) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token's iat is in the future");
        }
        // §3.1.3.7 items 4-5: with several audiences azp must be present, and when present it must be us.
        String azp = stringClaim(claims, "azp");
        List<String> aud = claims.getAudience();
        if ((aud.size() > 1 && azp == null) || (azp != null && !azp.equals(config.clientId()))) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token's azp does not name this client");
        }
        last.accept(claims);
        return claims;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    /** Compares secrets (state, nonce) in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

}
