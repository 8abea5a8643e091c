package io.oidckit.bench.jmh;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.oidckit.OidcConfig;
import io.oidckit.internal.tokens.AccessTokenValidation;
import io.oidckit.settings.Setting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Item 6: one JWT access token (RS256, typ {@code at+jwt}, RFC 9068) validated by the core's bearer verifier
 * ({@link AccessTokenValidation}: the same checks as a bearer route's first sight of a token, without the cache that
 * spares every later one) and by a plain Nimbus {@link DefaultJWTProcessor} set up for the same key, type, issuer,
 * audience and required claims, compared in thread CPU time by {@link CpuPairs}. Target ≥ 0.95.
 *
 * <p>Usage: {@code AccessTokenCpuTime OUT_MD PAIRS}.
 */
public final class AccessTokenCpuTime {
    static final String ISSUER = "http://127.0.0.1:9/issuer";
    static final String AUDIENCE = "https://api.example.com";
    private static volatile Object sink;

    private AccessTokenCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate();
        JWKSet jwks = new JWKSet(rsa.toPublicJWK());
        long now = System.currentTimeMillis() / 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(AUDIENCE)
                .expirationTime(new Date((now + 3600) * 1000)).issueTime(new Date(now * 1000)).jwtID("jti-1")
                .claim("client_id", "bench-client").claim("scope", "openid orders.read")
                .claim("name", "Alice Admin").claim("groups", List.of("admin")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1")
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        String token = jwt.serialize();

        OidcConfig config = OidcConfig.builder().authority(ISSUER).clientId("bench-client")
                .clientSecret("bench-secret-0123456789-0123456789").redirectUri("http://127.0.0.1:9/auth/callback")
                .set(Setting.OIDC_API_AUDIENCE, AUDIENCE).build();
        AccessTokenValidation core = new AccessTokenValidation(config, ISSUER, jwks);
        DefaultJWTProcessor<SecurityContext> nimbus = new DefaultJWTProcessor<>();
        nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"),
                new JOSEObjectType("application/at+jwt")));
        nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(Set.of(AUDIENCE),
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("iss", "sub", "aud", "exp", "iat"), null);
        verifier.setMaxClockSkew(60);
        nimbus.setJWTClaimsSetVerifier(verifier);
        core.validate(token); // both accept it, or the comparison means nothing
        nimbus.process(token, null);

        String row = CpuPairs.measure(() -> sink = core.validate(token), () -> {
            try {
                sink = nimbus.process(token, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Integer.parseInt(args[1])).row("JWT access token validation RS256 (first sight, no cache), core vs Nimbus DefaultJWTProcessor", 0.95);
        Files.write(Path.of(args[0]), List.of(row));
        System.out.println(row);
    }
}
