package io.oidckit.internal.tokens;

import com.nimbusds.jose.jwk.JWKSet;
import io.oidckit.OidcConfig;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The callback's ID token validation with keys given up front instead of fetched: the same verifier, the same
 * checks. For benchmarks that compare it with plain Nimbus; not an API (adapters may not use the internal
 * package, an ArchUnit rule says so).
 */
public final class IdTokenValidation {
    private final IdTokenVerifier verifier;
    private final String issuer;

    public IdTokenValidation(OidcConfig config, String issuer, JWKSet keys) {
        CompletionStage<JWKSet> fixed = CompletableFuture.completedFuture(keys);
        this.verifier = new IdTokenVerifier(config, new KeySource() {
            public CompletionStage<JWKSet> keys() { return fixed; }
            public CompletionStage<JWKSet> keysAfterUnknownKid() { return fixed; }
        }, java.time.Clock.systemUTC());
        this.issuer = issuer;
    }

    /** The validated claims; throws {@link io.oidckit.OidcException} exactly as a callback would fail. */
    public Map<String, Object> validate(String idToken, String expectedNonce) {
        try {
            return verifier.verify(idToken, issuer, expectedNonce).toCompletableFuture().join().getClaims();
        } catch (java.util.concurrent.CompletionException e) {
            throw io.oidckit.internal.Async.unwrap(e) instanceof RuntimeException r ? r : e;
        }
    }
}
