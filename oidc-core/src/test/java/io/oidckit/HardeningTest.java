package io.oidckit;

import io.oidckit.web.RelyingParty;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile provider found in the first wave, each refused by the core (docs/contract.md, "Security defaults"). */
@DisplayName("Hardening against a hostile provider")
class HardeningTest extends WithTestProvider {
    RelyingParty rp;
    Browser browser;
    final List<String> log = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { log.add(r.getMessage()); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void fresh() {
        provider.reset();
        use(Fixtures.config(provider));
        Logger.getLogger("io.oidckit").addHandler(capture);
    }

    @AfterEach
    void detach() {
        Logger.getLogger("io.oidckit").removeHandler(capture);
    }

    void use(OidcConfig.Builder config) {
        rp = Fixtures.rp(config.build(), Clock.systemUTC());
        browser = new Browser(rp);
    }

    void assertRejected(Outcome o, int status) {
        Outcome.Page page = assertInstanceOf(Outcome.Page.class, o, "expected an error page");
        assertEquals(status, page.status());
        assertTrue(rp.currentUser(browser.session).isEmpty(), "a rejected login must not sign anyone in");
    }

    Outcome signedWith(JWSHeader header, com.nimbusds.jose.JWSSigner signer) {
        provider.forgeIdToken((c, p) -> {
            try {
                SignedJWT jwt = new SignedJWT(header, c);
                jwt.sign(signer);
                return jwt.serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
        return browser.login();
    }

    static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    @Nested
    @DisplayName("UserInfo")
    class UserInfo {
        @Test
        @DisplayName("is called by default when the scopes ask for profile or email, and its name and email reach the user")
        void autoByDefault() {
            provider.user("carol", Map.of());
            provider.loginAs("carol");
            provider.userInfo(m -> { m.put("name", "Carol Only-In-UserInfo"); m.put("email", "carol@example.com"); return m; });
            browser.login();
            OidcUser u = rp.currentUser(browser.session).orElseThrow();
            assertEquals("Carol Only-In-UserInfo", u.fullName());
            assertEquals("carol@example.com", u.email());
            assertEquals(1, provider.calls(Endpoint.USERINFO));
        }

        @Test
        @DisplayName("is not called when the scopes ask for no such claims, or when turned off")
        void notWhenNotAsked() {
            use(Fixtures.config(provider).scope("openid"));
            browser.login();
            use(Fixtures.config(provider).fetchUserInfo(OidcConfig.FetchUserInfo.NEVER));
            browser.login();
            assertEquals(0, provider.calls(Endpoint.USERINFO));
            use(Fixtures.config(provider).scope("openid").fetchUserInfo(true));
            browser.login();
            assertEquals(1, provider.calls(Endpoint.USERINFO));
        }

        @Test
        @DisplayName("a sub that is a number, or a name that is an object, is a 400")
        void types() {
            provider.userInfo(m -> { m.put("sub", 42); return m; });
            assertRejected(browser.login(), 400);
            provider.reset();
            provider.userInfo(m -> { m.put("name", Map.of("first", "x")); return m; });
            assertRejected(browser.login(), 400);
        }
    }

    @Nested
    @DisplayName("signature algorithms")
    class Algorithms {
        @Test
        @DisplayName("a correct ES256 signature with a key from the JWKS is a 400 while only RS256 is registered")
        void notRegistered() {
            provider.signingAlgorithm(JWSAlgorithm.ES256);
            assertRejected(browser.login(), 400);
        }

        @Test
        @DisplayName("a provider that offers none of the registered algorithms is a 502 at login, naming the setting")
        void notOffered() {
            provider.discovery(d -> { d.put("id_token_signing_alg_values_supported", List.of("ES256")); return d; });
            Outcome o = browser.get(rp.loginPath());
            assertEquals(502, assertInstanceOf(Outcome.Page.class, o).status());
            assertEquals(0, provider.calls(Endpoint.AUTHORIZE));
            assertTrue(log.stream().anyMatch(l -> l.startsWith("OIDC308") && l.contains("OIDC_ID_TOKEN_SIGNING_ALGS")), log.toString());
        }
    }

    @Nested
    @DisplayName("keys fit for verifying")
    class KeyFitness {
        @Test
        @DisplayName("a 1024-bit RSA key is skipped: the rest of the set works, a token it signed is a 400")
        void weakRsa() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            var pair = g.generateKeyPair();
            RSAKey weak = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey(pair.getPrivate()).keyID("weak").build();
            provider.extraJwks(List.of(weak.toPublicJWK().toJSONObject()));
            assertInstanceOf(Outcome.Redirect.class, browser.login(), "the good key still works");
            browser = new Browser(rp);
            assertRejected(signedWith(header(JWSAlgorithm.RS256, "weak"),
                    new RSASSASigner((RSAPrivateKey) pair.getPrivate(), Set.of(AllowWeakRSAKey.getInstance()))), 400);
        }

        @Test
        @DisplayName("a key with use enc, or with key_ops lacking verify, never verifies")
        void notForSigning() throws Exception {
            RSAKey enc = new RSAKeyGenerator(2048).keyID("enc").generate();
            RSAKey ops = new RSAKeyGenerator(2048).keyID("ops").generate();
            provider.extraJwks(List.of(
                    new RSAKey.Builder(enc.toRSAPublicKey()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build().toJSONObject(),
                    new RSAKey.Builder(ops.toRSAPublicKey()).keyID("ops").keyOperations(Set.of(KeyOperation.ENCRYPT)).build().toJSONObject()));
            assertRejected(signedWith(header(JWSAlgorithm.RS256, "enc"), new RSASSASigner(enc)), 400);
            browser = new Browser(rp);
            assertRejected(signedWith(header(JWSAlgorithm.RS256, "ops"), new RSASSASigner(ops)), 400);
        }

        @Test
        @DisplayName("key_ops with verify is fine")
        void verifyOps() throws Exception {
            RSAKey k = new RSAKeyGenerator(2048).keyID("verify-ops").generate();
            provider.extraJwks(List.of(new RSAKey.Builder(k.toRSAPublicKey()).keyID("verify-ops")
                    .keyOperations(Set.of(KeyOperation.VERIFY)).build().toJSONObject()));
            assertInstanceOf(Outcome.Redirect.class, signedWith(header(JWSAlgorithm.RS256, "verify-ops"), new RSASSASigner(k)));
        }

        @Test
        @DisplayName("an EC key on another curve than the algorithm's is a 400; an X25519 key is skipped quietly")
        void curves() throws Exception {
            use(Fixtures.config(provider).idTokenSigningAlgs(Set.of("RS256", "ES256", "ES384")));
            ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
            provider.extraJwks(List.of(p384.toPublicJWK().toJSONObject(),
                    Map.of("kty", "OKP", "crv", "X25519", "kid", "x", "x", Base64URL.encode(new byte[32]).toString())));
            assertInstanceOf(Outcome.Redirect.class, browser.login(), "the set still works");
            browser = new Browser(rp);
            // ES256 (SHA-256 over P-256) claimed, but signed on P-384: the signature is computed by hand.
            provider.forgeIdToken((c, p) -> {
                try {
                    JWSHeader h = header(JWSAlgorithm.ES256, "p384");
                    String input = h.toBase64URL() + "." + Base64URL.encode(c.toString());
                    java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
                    s.initSign(p384.toECPrivateKey());
                    s.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    byte[] sig = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToConcat(s.sign(), 96);
                    return input + "." + Base64URL.encode(sig);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertRejected(browser.login(), 400);
            assertNotNull(new ECDSASigner(p384)); // the key itself is sound; only the pairing is wrong
        }
    }

    @Nested
    @DisplayName("claims have their JSON types")
    class ClaimTypes {
        Outcome with(String claim, Object value) {
            provider.forgeIdToken((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim(claim, value).build()));
            browser = new Browser(rp);
            return browser.login();
        }

        @Test
        @DisplayName("sub: a number, an object, empty, over 255 characters or not ASCII is a 400; 255 ASCII characters are fine")
        void subject() {
            // Without UserInfo, whose sub check would refuse a forged sub by itself.
            use(Fixtures.config(provider).fetchUserInfo(false));
            for (Object bad : List.of(42, Map.of("id", "x"), "", "s".repeat(256), "zo\u00eb")) {
                assertRejected(with("sub", bad), 400);
            }
            provider.forgeIdToken(null);
            provider.user("s".repeat(255), Map.of());
            provider.loginAs("s".repeat(255));
            browser = new Browser(rp);
            assertInstanceOf(Outcome.Redirect.class, browser.login());
            // A string of digits (Google's subs look like this) is a string: only a JSON number is refused.
            provider.user("1234567890", Map.of());
            provider.loginAs("1234567890");
            browser = new Browser(rp);
            assertInstanceOf(Outcome.Redirect.class, browser.login());
        }

        @Test
        @DisplayName("azp, nonce, name and email must be strings; exp, iat and auth_time numbers")
        void others() {
            assertRejected(with("azp", 7), 400);
            assertRejected(with("nonce", 7), 400);
            assertRejected(with("name", List.of("a")), 400);
            assertRejected(with("email", true), 400);
            assertRejected(with("auth_time", "yesterday"), 400);
            assertRejected(with("exp", String.valueOf(System.currentTimeMillis() / 1000 + 300)), 400);
            assertRejected(with("iat", "now"), 400);
        }
    }

    @Nested
    @DisplayName("the discovered issuer")
    class Issuer {
        @Test
        @DisplayName("with a trailing slash the configuration lacks is a 502 at login, and the browser never reaches the provider")
        void trailingSlash() {
            provider.discovery(d -> { d.put("issuer", provider.issuer() + "/"); return d; });
            assertEquals(502, assertInstanceOf(Outcome.Page.class, browser.get(rp.loginPath())).status());
            assertEquals(0, provider.calls(Endpoint.AUTHORIZE));
            assertTrue(log.stream().anyMatch(l -> l.contains(provider.issuer() + "/") && l.contains("OIDC_AUTHORITY")), log.toString());
        }

        @Test
        @DisplayName("in another case is a 502 too")
        void otherCase() {
            provider.discovery(d -> { d.put("issuer", provider.issuer().toUpperCase(java.util.Locale.ROOT)); return d; });
            assertEquals(502, assertInstanceOf(Outcome.Page.class, browser.get(rp.loginPath())).status());
        }
    }

    @Nested
    @DisplayName("token_type")
    class TokenType {
        @Test
        @DisplayName("DPoP, mac, a missing or another value is a 502 with no session; bearer in any case is fine")
        void onlyBearer() {
            for (String type : new String[] {"DPoP", "mac", null, "Basic"}) {
                browser = new Browser(rp);
                String back = browser.authorize(browser.startLogin(null));
                String body = "{\"access_token\":\"at\",\"expires_in\":300," + (type == null ? "" : "\"token_type\":\"" + type + "\",")
                        + "\"id_token\":\"" + provider.sign(provider.idTokenClaims("alice", null).build()) + "\"}";
                provider.respond(Endpoint.TOKEN, 200, "application/json", body);
                log.clear();
                assertRejected(browser.get(back), 502);
                assertTrue(log.stream().anyMatch(l -> l.startsWith("OIDC307")), type + ": " + log);
            }
            provider.reset();
            use(Fixtures.config(provider).fetchUserInfo(false)); // the canned access token means nothing to UserInfo
            URI authorize = browser.startLogin(null);
            String nonce = LoginFlowTest.params(authorize).get("nonce");
            String back = browser.authorize(authorize);
            provider.respond(Endpoint.TOKEN, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"bEaReR\","
                    + "\"id_token\":\"" + provider.sign(provider.idTokenClaims("alice", nonce).build()) + "\"}");
            assertInstanceOf(Outcome.Redirect.class, browser.get(back));
        }
    }

    @Nested
    @DisplayName("RP-initiated logout")
    class LogoutState {
        @Test
        @DisplayName("sends a state, and the provider's way back with it lands on the clean base path; any other state just shows the page")
        void state() {
            browser.login();
            Outcome o = browser.get(rp.logoutPath());
            Map<String, String> p = LoginFlowTest.params(URI.create(((Outcome.Redirect) o).location()));
            String state = p.get("state");
            assertTrue(state != null && state.length() >= 22, String.valueOf(state));
            assertInstanceOf(Outcome.Continue.class, browser.get("/?state=forged"));
            assertInstanceOf(Outcome.Continue.class, browser.get("/?other=1"));
            Outcome back = browser.get("/?state=" + state);
            assertEquals("/", assertInstanceOf(Outcome.Redirect.class, back).location());
            assertFalse(browser.session.exists, "the logout record is gone");
            assertInstanceOf(Outcome.Continue.class, browser.get("/?state=" + state), "used once");
        }
    }

    @Nested
    @DisplayName("one clock")
    class OneClock {
        @Test
        @DisplayName("iat in the future is judged by the injected clock")
        void iat() {
            Fixtures.MovableClock clock = new Fixtures.MovableClock();
            clock.advance(Duration.ofHours(-1));
            rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
            browser = new Browser(rp);
            assertRejected(browser.login(), 400);
            assertTrue(log.stream().anyMatch(l -> l.contains("iat is in the future")), log.toString());
        }

        @Test
        @DisplayName("exp is judged by the injected clock")
        void exp() {
            Fixtures.MovableClock clock = new Fixtures.MovableClock();
            clock.advance(Duration.ofHours(1));
            rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
            browser = new Browser(rp);
            assertRejected(browser.login(), 400);
            assertTrue(log.stream().anyMatch(l -> l.contains("Expired JWT")), log.toString());
        }
    }

    @Test
    @DisplayName("a URL setting that is malformed is echoed, with an example of its own kind")
    void urlMessages() {
        OidcConfigException e = org.junit.jupiter.api.Assertions.assertThrows(OidcConfigException.class,
                () -> Fixtures.config(provider).redirectUri("not a url").postLogoutRedirectUri("/relative").build());
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("OIDC_REDIRECT_URI must be an absolute http(s) URL, for example https://app.example.com/auth/callback, got not a url"), all);
        assertTrue(all.contains("OIDC_POST_LOGOUT_REDIRECT_URI must be an absolute http(s) URL, for example https://app.example.com/, got /relative"), all);
        assertNull(null);
    }
}
