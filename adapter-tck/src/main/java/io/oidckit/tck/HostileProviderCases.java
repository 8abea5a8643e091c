package io.oidckit.tck;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kit's cases for a provider that signs with odd keys and algorithms, sends odd claims and odd metadata
 * (docs/contract.md, "Security defaults"): none of it produces a session, and none of it is a 500.
 */
public interface HostileProviderCases extends KitContext {

    /** The login's callback answers the fixed page {@code status}, and the browser is not signed in. */
    private void loginFails(int status) {
        loginFails(browser(), status);
    }

    private void loginFails(TckBrowser b, int status) {
        assertErrorPage(b.login(path("auth/login")), status);
        assertAnonymous(b);
    }

    private void signedBy(RSAKey key, java.security.PrivateKey weak) {
        provider().forgeIdToken((c, p) -> {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT).build(), c);
                jwt.sign(weak != null ? new RSASSASigner(weak, true) : new RSASSASigner(key));
                return jwt.serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @DisplayName("a hostile provider: a correct ES256 signature with a key from its JWKS is a 400 while only RS256 is registered")
    default void providerUnregisteredAlgorithm() {
        provider().signingAlgorithm(JWSAlgorithm.ES256);
        loginFails(400);
    }

    @Test
    @DisplayName("a hostile provider: metadata offering none of the registered algorithms is a 502 at login, before the provider sees the browser")
    default void providerOffersNoRegisteredAlgorithm() throws Exception {
        provider().discovery(d -> { d.put("id_token_signing_alg_values_supported", List.of("ES256", "PS256")); return d; });
        try (App fresh = startApp(c -> c)) { // an app that has not read the metadata yet
            assertErrorPage(fresh.browser().get(path("auth/login")), 502);
        }
        assertEquals(0, provider().calls(Endpoint.AUTHORIZE));
    }

    @Test
    @DisplayName("a hostile provider: a token signed with a 1024-bit RSA key from its JWKS is a 400")
    default void providerWeakKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        var pair = g.generateKeyPair();
        RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID("weak-1024").build();
        provider().extraJwks(List.of(weak.toJSONObject()));
        signedBy(weak, pair.getPrivate());
        // A fresh app loads the JWKS with the extra key in it: the shared app's cached set would refuse the
        // token for its unknown kid (its refresh window may be spent), and the key check would never be reached.
        try (App fresh = startApp(c -> c)) {
            loginFails(fresh.browser(), 400);
        }
    }

    @Test
    @DisplayName("a hostile provider: a token signed with a key published for encryption (use enc, or key_ops without verify) is a 400")
    default void providerEncryptionKey() throws Exception {
        RSAKey enc = new RSAKeyGenerator(2048).keyID("enc-key").generate();
        RSAKey ops = new RSAKeyGenerator(2048).keyID("ops-key").generate();
        provider().extraJwks(List.of(
                new RSAKey.Builder(enc.toRSAPublicKey()).keyID("enc-key").keyUse(KeyUse.ENCRYPTION).build().toJSONObject(),
                new RSAKey.Builder(ops.toRSAPublicKey()).keyID("ops-key").keyOperations(Set.of(KeyOperation.WRAP_KEY)).build().toJSONObject()));
        try (App fresh = startApp(c -> c)) { // a JWKS loaded with these keys in it, as above
            signedBy(enc, null);
            loginFails(fresh.browser(), 400);
            signedBy(ops, null);
            loginFails(fresh.browser(), 400);
        }
    }

    @Test
    @DisplayName("a hostile provider: a sub that is a number, an object, empty, over 255 characters or not ASCII is a 400")
    default void providerBadSubject() throws Exception {
        // Without UserInfo, whose sub check would refuse a forged sub by itself.
        try (App app = startApp(c -> c.fetchUserInfo(false))) {
            for (Object sub : List.of(42, Map.of("id", "alice"), "", "a".repeat(256), "al\u00efce")) {
                provider().forgeIdToken((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim("sub", sub).build()));
                TckBrowser b = app.browser();
                assertErrorPage(b.login(path("auth/login")), 400);
                assertAnonymous(b);
            }
        }
    }

    @Test
    @DisplayName("a hostile provider: azp as a number or auth_time as a string is a 400, never coerced")
    default void providerClaimTypes() {
        provider().forgeIdToken((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim("azp", 1).build()));
        loginFails(400);
        provider().forgeIdToken((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim("auth_time", "today").build()));
        loginFails(400);
    }

    @Test
    @DisplayName("a hostile provider: a UserInfo sub that is a number, or a name that is an object, is a 400")
    default void providerUserInfoSubjectType() {
        provider().userInfo(m -> { m.put("sub", 42); return m; });
        loginFails(400);
        // The sub right, so only the type of name can refuse it.
        provider().userInfo(m -> { m.put("name", Map.of("given", "Alice")); return m; });
        loginFails(400);
    }

    @Test
    @DisplayName("a hostile provider: a discovered issuer with a trailing slash or another case is a 502 at login")
    default void providerIssuerNotIdentical() throws Exception {
        for (String issuer : List.of(provider().issuer() + "/", provider().issuer().toUpperCase(java.util.Locale.ROOT))) {
            provider().discovery(d -> { d.put("issuer", issuer); return d; });
            try (App fresh = startApp(c -> c)) { // an app that has not read the metadata yet
                assertErrorPage(fresh.browser().get(path("auth/login")), 502);
            }
        }
        assertEquals(0, provider().calls(Endpoint.AUTHORIZE));
    }

    @Test
    @DisplayName("a hostile provider: token_type DPoP, mac or none is a 502 with no session")
    default void providerTokenType() throws Exception {
        // Without UserInfo, which would refuse the canned access token by itself: only token_type can refuse these.
        try (App app = startApp(c -> c.fetchUserInfo(false))) {
            tokenTypes(app);
        }
    }

    private void tokenTypes(App app) {
        for (String type : new String[] {"DPoP", "mac", null}) {
            TckBrowser b = app.browser();
            URI authorize = b.startLogin(path("auth/login"), null);
            String back = b.authorize(authorize);
            String idToken = provider().sign(provider().idTokenClaims("alice", query(authorize).get("nonce")).build());
            provider().respond(Endpoint.TOKEN, 200, "application/json", "{\"access_token\":\"at\",\"expires_in\":300,"
                    + (type == null ? "" : "\"token_type\":\"" + type + "\",") + "\"id_token\":\"" + idToken + "\"}");
            assertErrorPage(b.get(back), 502);
            assertAnonymous(b);
        }
    }

    @Test
    @DisplayName("a hostile provider: its client id and a good login still work after all of the above (the baseline)")
    default void providerBaseline() {
        TckBrowser b = browser();
        assertEquals(302, b.login(path("auth/login")).status());
        assertEquals(200, b.get(path("api/me")).status());
        assertEquals(TestProvider.CLIENT_ID, provider().lastAuthorizationRequest().get("client_id"));
    }
}
