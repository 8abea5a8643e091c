package io.oidckit.internal.tokens;

import com.nimbusds.jose.jwk.JWKSet;
import io.oidckit.OidcConfig;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A bearer route's JWT access token validation with keys given up front instead of fetched: the same verifier, the
 * same checks, without the cache in front of it. For benchmarks that compare it with plain Nimbus; not an API
 * (adapters may not use the internal package, an ArchUnit rule says so).
 */
public final class AccessTokenValidation {
    private final AccessTokenVerifier verifier;
    private final String issuer;

    public AccessTokenValidation(OidcConfig config, String issuer, JWKSet keys) {
        CompletionStage<JWKSet> fixed = CompletableFuture.completedFuture(keys);
        this.verifier = new AccessTokenVerifier(config, new KeySource() {
            public CompletionStage<JWKSet> keys() { return fixed; }
            public CompletionStage<JWKSet> keysAfterUnknownKid() { return fixed; }
        }, java.time.Clock.systemUTC());
        this.issuer = issuer;
    }

    /** The validated claims; throws {@link io.oidckit.OidcException} exactly as a bearer route would refuse. */
    public Map<String, Object> validate(String accessToken) {
        try {
            return verifier.verify(accessToken, issuer).toCompletableFuture().join().getClaims();
        } catch (java.util.concurrent.CompletionException e) {
            throw io.oidckit.internal.Async.unwrap(e) instanceof RuntimeException r ? r : e;
        }
    }
}
