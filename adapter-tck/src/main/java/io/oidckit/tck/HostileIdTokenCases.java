package io.oidckit.tck;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.oidckit.testprovider.IdTokenForger;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * The kit's cases for ID tokens that break one rule of ID token validation (OpenID Connect Core 1.0 §3.1.3.7,
 * docs/contract.md "Security defaults"): each login gets the fixed 400 page at the callback and no session.
 */
public interface HostileIdTokenCases extends KitContext {

    @Test
    @DisplayName("hostile ID tokens never produce a session: alg none")
    default void hostileAlgNone() {
        refused((c, p) -> new PlainJWT(c).serialize());
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: a flipped signature byte")
    default void hostileFlippedSignature() {
        refused((c, p) -> {
            String[] parts = p.sign(c).split("\\.");
            byte[] sig = new Base64URL(parts[2]).decode();
            sig[3] ^= 0x10;
            return parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);
        });
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: an attacker's key in the jwk header")
    default void hostileEmbeddedKey() {
        refused((c, p) -> {
            RSAKey k = new RSAKeyGenerator(2048).keyID(p.signingKey().getKeyID()).generate();
            return p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).jwk(k.toPublicJWK()).build(), c, k);
        });
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: the provider's own key and signature, but key material in the header (jwk)")
    default void hostileHeaderKeyEvenIfGenuine() {
        // Signed by the real key, so only the "never trust header keys" rule can refuse it.
        refused((c, p) -> p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(p.signingKey().getKeyID())
                .jwk(p.signingKey().toPublicJWK()).build(), c, p.signingKey()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: iat an hour in the future")
    default void hostileIssuedInTheFuture() {
        refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issueTime(new Date(System.currentTimeMillis() + 3_600_000))
                .expirationTime(new Date(System.currentTimeMillis() + 7_200_000)).build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: HS256 keyed with the provider's public key")
    default void hostileAlgorithmConfusion() {
        refused((c, p) -> p.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(p.signingKey().getKeyID()).build(), c,
                new OctetSequenceKey.Builder(p.signingKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)).build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: HS256 keyed with the client secret, while only asymmetric algorithms are allowed")
    default void hostileHmacNotAllowed() {
        refused((c, p) -> p.sign(new JWSHeader(JWSAlgorithm.HS256), c,
                new OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)).build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: a wrong audience")
    default void hostileAudience() {
        refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).audience("someone-else").build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: a wrong issuer")
    default void hostileIssuer() {
        refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issuer("https://attacker.example").build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: a wrong nonce")
    default void hostileNonce() {
        refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim("nonce", "other").build()));
    }

    @Test
    @DisplayName("hostile ID tokens never produce a session: an expired token")
    default void hostileExpired() {
        refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issueTime(new Date(System.currentTimeMillis() - 900_000))
                .expirationTime(new Date(System.currentTimeMillis() - 600_000)).build()));
    }

    /** A whole login with the forged ID token: the callback answers the fixed 400 page, and no session follows. */
    private void refused(IdTokenForger forger) {
        provider().forgeIdToken(forger);
        TckBrowser b = browser();
        assertErrorPage(b.login(path("auth/login")), 400);
        assertAnonymous(b);
    }
}
