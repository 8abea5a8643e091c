package io.oidckit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ID token validation, OpenID Connect Core 1.0 §3.1.3.7, always with a signature check (also for tokens from the
 * token endpoint, where §3.1.3.7 item 6 would allow TLS alone). The key comes only from the provider's
 * {@code jwks_uri} (or the client secret for an HMAC algorithm that was explicitly allowed); a token that brings
 * its own key material in its header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) is refused outright.
 */
final class IdTokenVerifier {
    /** Where the verifier gets keys: the provider's cached JWKS, or fixed keys in benchmarks. */
    interface KeySource {
        CompletionStage<JWKSet> keys();

        CompletionStage<JWKSet> keysAfterUnknownKid();
    }

    private final OidcConfig config;
    private final KeySource provider;

    IdTokenVerifier(OidcConfig config, KeySource provider) {
        this.config = config;
        this.provider = provider;
    }

    CompletionStage<IDTokenClaimsSet> verify(String raw, ProviderInfo info, String expectedNonce) {
        SignedJWT jwt;
        try {
            JWT parsed = JWTParser.parse(raw);
            if (!(parsed instanceof SignedJWT s)) {
                return failed("the ID token is not signed (alg none, or encrypted), which is never accepted");
            }
            jwt = s;
        } catch (java.text.ParseException e) {
            return failed("the ID token is not a JWT");
        }
        JWSHeader header = jwt.getHeader();
        String alg = header.getAlgorithm().getName();
        if (!config.idTokenSigningAlgs().contains(alg)) {
            return failed("the ID token is signed with " + alg + ", which is not in OIDC_ID_TOKEN_SIGNING_ALGS");
        }
        if (header.getJWK() != null || header.getJWKURL() != null || header.getX509CertURL() != null
                || header.getX509CertChain() != null) {
            return failed("the ID token carries key material in its header (jwk, jku, x5u or x5c), which is never trusted");
        }
        if (JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())) {
            return completed(() -> check(new IDTokenValidator(new Issuer(info.issuer()), new ClientID(config.clientId()),
                    header.getAlgorithm(), new Secret(config.clientSecret())), jwt, expectedNonce));
        }
        return provider.keys().thenCompose(keys -> {
            if (hasKeyFor(keys, header)) return completed(() -> checkWith(keys, jwt, expectedNonce, info));
            // An unknown kid: perhaps the provider rotated its keys. One refresh per window, shared by everyone.
            return provider.keysAfterUnknownKid().thenApply(fresh -> {
                if (!hasKeyFor(fresh, header)) {
                    throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "no key in the provider's JWKS matches the ID token's kid "
                            + header.getKeyID() + " and alg " + alg);
                }
                return checkWith(fresh, jwt, expectedNonce, info);
            });
        });
    }

    private static boolean hasKeyFor(JWKSet keys, JWSHeader header) {
        return !new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys).isEmpty();
    }

    private IDTokenClaimsSet checkWith(JWKSet keys, SignedJWT jwt, String nonce, ProviderInfo info) {
        JWSVerificationKeySelector<SecurityContext> selector =
                new JWSVerificationKeySelector<>(jwt.getHeader().getAlgorithm(), new ImmutableJWKSet<>(keys));
        return check(new IDTokenValidator(new Issuer(info.issuer()), new ClientID(config.clientId()), selector, null), jwt, nonce);
    }

    private IDTokenClaimsSet check(IDTokenValidator validator, SignedJWT jwt, String expectedNonce) {
        validator.setMaxClockSkew((int) config.clockSkew().toSeconds());
        IDTokenClaimsSet claims;
        try {
            // iss, aud, azp, exp, iat (with skew) and the signature; the nonce is checked below, on its own.
            claims = validator.validate(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token was rejected: " + e.getMessage());
        }
        // §3.1.3.7 items 4-5: with several audiences azp must be present, and when present it must be us.
        String azp = claims.getAuthorizedParty() == null ? null : claims.getAuthorizedParty().getValue();
        if ((claims.getAudience().size() > 1 && azp == null) || (azp != null && !azp.equals(config.clientId()))) {
            throw new OidcException(ErrorCode.ID_TOKEN_INVALID, "the ID token's azp does not name this client");
        }
        Nonce nonce = claims.getNonce();
        if (nonce == null || !constantTimeEquals(nonce.getValue(), expectedNonce)) {
            throw new OidcException(ErrorCode.NONCE_MISMATCH, "the ID token's nonce does not match this login attempt's");
        }
        return claims;
    }

    static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static <T> CompletionStage<T> failed(String why) {
        return CompletableFuture.failedFuture(new OidcException(ErrorCode.ID_TOKEN_INVALID, why));
    }

    private static <T> CompletionStage<T> completed(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
