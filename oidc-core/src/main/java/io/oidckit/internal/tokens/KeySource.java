package io.oidckit.internal.tokens;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.concurrent.CompletionStage;

/** Where token verifiers get the provider's keys: its cached JWKS, or fixed keys in benchmarks. */
public interface KeySource {
    /** The current key set. */
    CompletionStage<JWKSet> keys();

    /** The key set after an unknown {@code kid}: refreshed at most once per window, shared by every caller. */
    CompletionStage<JWKSet> keysAfterUnknownKid();
}
