package io.oidckit.internal.tokens;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.oidckit.ErrorCode;
import io.oidckit.OidcException;

import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What ID tokens and JWT access tokens share before their claims mean anything: a signed JWT, an algorithm the
 * client registered, no key material in the header, and a key from the provider's {@code jwks_uri} (refreshed once
 * per window for an unknown {@code kid}).
 */
final class SignedJwts {
    private SignedJwts() {
    }

    /**
     * {@code raw} as a signed JWT signed with one of {@code algs}, its header bringing no key of its own; else an
     * {@link OidcException} with {@code code} that names it as {@code what} ("the ID token").
     */
    static SignedJWT parse(String raw, Collection<String> algs, ErrorCode code, String what) {
        SignedJWT jwt;
        try {
            JWT parsed = JWTParser.parse(raw);
            if (!(parsed instanceof SignedJWT s)) {
                throw new OidcException(code, what + " is not signed (alg none, or encrypted), which is never accepted");
            }
            jwt = s;
        } catch (java.text.ParseException e) {
            throw new OidcException(code, what + " is not a JWT");
        }
        JWSHeader header = jwt.getHeader();
        String alg = header.getAlgorithm().getName();
        if (!algs.contains(alg)) {
            throw new OidcException(code, what + " is signed with " + alg + ", which is not in OIDC_ID_TOKEN_SIGNING_ALGS");
        }
        if (header.getJWK() != null || header.getJWKURL() != null || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            throw new OidcException(code, what + " carries key material in its header (jwk, jku, x5u or x5c), which is never trusted");
        }
        return jwt;
    }

    /**
     * {@code check} applied with the provider's current keys; when it fails and no key fits the header's
     * {@code kid} and {@code alg}, once more with the keys after a refresh (perhaps the provider rotated them).
     */
    static <T> CompletionStage<T> withKeys(KeySource provider, JWSHeader header, Function<JWKSet, T> check,
                                           ErrorCode code, String what) {
        return provider.keys().thenCompose(keys -> {
            try {
                return CompletableFuture.completedFuture(check.apply(keys));
            } catch (OidcException e) {
                if (hasKeyFor(keys, header)) throw e;
            }
            // An unknown kid: perhaps the provider rotated its keys. One refresh per window, shared by everyone.
            return provider.keysAfterUnknownKid().thenApply(fresh -> {
                if (!hasKeyFor(fresh, header)) {
                    throw new OidcException(code, "no key in the provider's JWKS matches " + what + "'s kid "
                            + header.getKeyID() + " and alg " + header.getAlgorithm().getName());
                }
                return check.apply(fresh);
            });
        });
    }

    /**
     * A Nimbus processor for tokens of {@code issuer} to {@code clientId}: the signature by {@code selector}, the
     * header's {@code typ} by {@code types}, {@code iss} exactly, {@code aud} holding the client, the {@code required}
     * claims present and the {@code prohibited} ones absent, {@code exp} and {@code nbf} within {@code skew} of
     * {@code clock}. Built once per key set and reused: building one per token showed in the benchmarks.
     */
    static DefaultJWTProcessor<SecurityContext> processor(JWSKeySelector<SecurityContext> selector,
                                                         JOSEObjectTypeVerifier<SecurityContext> types, String clientId,
                                                         String issuer, Set<String> required, Set<String> prohibited,
                                                         Duration skew, Clock clock) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(types);
        p.setJWSKeySelector(selector);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(clientId), new JWTClaimsSet.Builder().issuer(issuer).build(), required, prohibited) {
            @Override
            protected Date currentTime() {
                return new Date(clock.millis()); // one clock for every time check, as tests and replicas see it
            }
        };
        claims.setMaxClockSkew((int) skew.toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    private static boolean hasKeyFor(JWKSet keys, JWSHeader header) {
        return !new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys).isEmpty();
    }
}
