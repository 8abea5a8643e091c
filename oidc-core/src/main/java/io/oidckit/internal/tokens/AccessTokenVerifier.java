package io.oidckit.internal.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * JWT access token validation (RFC 9068 §4) for bearer routes. The key and algorithm rules are the ID token's
 * ({@link SignedJwts}: a registered asymmetric algorithm, a key from the provider's {@code jwks_uri} only, none from
 * the header). Checked: {@code typ} ({@code at+jwt}, or with {@code OIDC_API_JWT_TYPES} listing {@code jwt} also
 * {@code JWT} or none), the signature, {@code iss} exactly, {@code aud} contains {@code OIDC_API_AUDIENCE},
 * {@code sub}/{@code exp}/{@code iat} present, {@code exp} and {@code nbf} with the clock skew, {@code iat} not in
 * the future, every read claim of its JSON type. A token that is not {@code at+jwt} must not be an ID token: one
 * with {@code nonce}, {@code at_hash} or {@code c_hash} (OpenID Connect Core 1.0 §2, §3.3.2.11) is refused.
 */
public final class AccessTokenVerifier {
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType APPLICATION_AT_JWT = new JOSEObjectType("application/at+jwt");
    /** Claims only an ID token carries: their presence in a token typed JWT (or untyped) tells an ID token. */
    private static final List<String> ID_TOKEN_ONLY = List.of("nonce", "at_hash", "c_hash");
    private static final Map<String, Claims.Type> TYPES = Map.of(
            "iss", Claims.Type.STRING, "aud", Claims.Type.STRING_OR_STRINGS, "exp", Claims.Type.NUMBER,
            "iat", Claims.Type.NUMBER, "nbf", Claims.Type.NUMBER, "scope", Claims.Type.STRING,
            "client_id", Claims.Type.STRING, "name", Claims.Type.STRING, "email", Claims.Type.STRING,
            "preferred_username", Claims.Type.STRING);

    private record Cached(JWKSet keys, String issuer, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private final OidcConfig config;
    private final KeySource provider;
    private final Clock clock;
    private final Set<String> algs = new LinkedHashSet<>();
    private final Set<JWSAlgorithm> asymmetric = new LinkedHashSet<>();
    private final DefaultJOSEObjectTypeVerifier<SecurityContext> types;
    private volatile Cached cached;

    public AccessTokenVerifier(OidcConfig config, KeySource provider, Clock clock) {
        this.config = config;
        this.provider = provider;
        this.clock = clock;
        for (String alg : config.idTokenSigningAlgs()) {
            JWSAlgorithm a = JWSAlgorithm.parse(alg);
            // An HMAC access token would be keyed with this client's own secret: anyone holding it could mint one.
            if (!JWSAlgorithm.Family.HMAC_SHA.contains(a)) {
                asymmetric.add(a);
                algs.add(alg);
            }
        }
        List<JOSEObjectType> accepted = new ArrayList<>(List.of(AT_JWT, APPLICATION_AT_JWT));
        if (config.apiJwtTypes().contains("jwt")) {
            accepted.add(JOSEObjectType.JWT);
            accepted.add(null);
        }
        this.types = new DefaultJOSEObjectTypeVerifier<>(accepted.toArray(JOSEObjectType[]::new));
    }

    /** The verified claims of {@code raw}, a JWT access token of {@code issuer} for this API's audience. */
    public CompletionStage<JWTClaimsSet> verify(String raw, String issuer) {
        SignedJWT jwt;
        try {
            jwt = SignedJwts.parse(raw, algs, ErrorCode.ACCESS_TOKEN_INVALID, "the access token");
        } catch (OidcException e) {
            return CompletableFuture.failedFuture(e);
        }
        return SignedJwts.withKeys(provider, jwt.getHeader(), keys -> check(processorFor(keys, issuer), jwt),
                ErrorCode.ACCESS_TOKEN_INVALID, "the access token");
    }

    private DefaultJWTProcessor<SecurityContext> processorFor(JWKSet keys, String issuer) {
        Cached c = cached;
        if (c != null && c.keys() == keys && c.issuer().equals(issuer)) return c.processor();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(types);
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(asymmetric, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(config.apiAudience()), new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "sub", "aud", "exp", "iat"), null) {
            @Override
            protected Date currentTime() {
                return new Date(clock.millis()); // one clock for every time check, as tests and replicas see it
            }
        };
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        cached = new Cached(keys, issuer, p);
        return p;
    }

    private JWTClaimsSet check(DefaultJWTProcessor<SecurityContext> processor, SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            // Signature, typ, iss, aud, required claims, exp and nbf with the skew.
            claims = processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcException(ErrorCode.ACCESS_TOKEN_INVALID, "the access token was rejected: " + e.getMessage());
        }
        JOSEObjectType typ = jwt.getHeader().getType();
        boolean typed = AT_JWT.equals(typ) || APPLICATION_AT_JWT.equals(typ);
        if (!typed && ID_TOKEN_ONLY.stream().anyMatch(claim -> claims.getClaim(claim) != null)) {
            throw new OidcException(ErrorCode.ACCESS_TOKEN_INVALID, "the access token is an ID token (it has "
                    + "nonce, at_hash or c_hash), which is never accepted as an access token");
        }
        Claims.check(Claims.asSent(claims, jwt), TYPES, ErrorCode.ACCESS_TOKEN_INVALID, "access token");
        if (claims.getIssueTime().getTime() > clock.millis() + config.clockSkew().toMillis()) {
            throw new OidcException(ErrorCode.ACCESS_TOKEN_INVALID, "the access token's iat is in the future");
        }
        return claims;
    }
}
