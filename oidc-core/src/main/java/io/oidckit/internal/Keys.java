package io.oidckit.internal;

import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;

/** Key material checks used by configuration validation. */
public final class Keys {
    private Keys() {
    }

    /** Whether {@code json} is a private RSA or EC JWK with a {@code kid}: what {@code private_key_jwt} needs. */
    public static boolean isPrivateSigningJwk(String json) {
        try {
            JWK jwk = JWK.parse(json);
            return jwk.isPrivate() && jwk instanceof AsymmetricJWK && jwk.getKeyID() != null;
        } catch (java.text.ParseException | RuntimeException e) {
            return false;
        }
    }

    public static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("validated at start-up", e);
        }
    }
}
