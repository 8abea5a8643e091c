package io.oidckit;

import io.oidckit.web.RelyingParty;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.IdTokenForger;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per security default of docs/contract.md. Each forges exactly one defect into an otherwise valid login, so
 * it fails when the check for that defect is removed.
 */
@DisplayName("Callback security")
class CallbackSecurityTest extends WithTestProvider {
    RelyingParty rp;
    Browser browser;

    @BeforeEach
    void fresh() {
        provider.reset();
        rp = Fixtures.rp(Fixtures.config(provider).build(), java.time.Clock.systemUTC());
        browser = new Browser(rp);
    }

    /** The login is refused with {@code status} and leaves no signed-in user behind. */
    void assertRejected(Outcome o, int status) {
        Outcome.Page page = assertInstanceOf(Outcome.Page.class, o, "expected an error page");
        assertEquals(status, page.status());
        assertTrue(rp.currentUser(browser.session).isEmpty(), "a rejected login must not sign anyone in");
        assertEquals("no-store", page.headers().get("Cache-Control"));
        assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
        assertTrue(page.headers().get("Content-Security-Policy").contains("frame-ancestors 'none'"));
    }

    Outcome loginWith(IdTokenForger forger) {
        provider.forgeIdToken(forger);
        return browser.login();
    }

    static JWSHeader rs256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    @Test
    @DisplayName("a valid login is accepted (the baseline every case below changes one thing of)")
    void baseline() {
        assertInstanceOf(Outcome.Redirect.class, loginWith((claims, p) -> p.sign(claims)));
        assertTrue(rp.currentUser(browser.session).isPresent());
    }

    @Nested
    @DisplayName("state")
    class StateChecks {
        @Test
        @DisplayName("a callback without state is a 400")
        void missing() {
            String back = browser.authorize(browser.startLogin(null));
            assertRejected(browser.get(back.replaceAll("[&?]state=[^&]*", "")), 400);
        }

        @Test
        @DisplayName("a callback with another state is a 400")
        void wrong() {
            String back = browser.authorize(browser.startLogin(null));
            assertRejected(browser.get(back.replaceAll("state=[^&]*", "state=" + "A".repeat(43))), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN), "no provider call for a forged callback");
        }

        @Test
        @DisplayName("a callback from another browser's login is a 400 (login CSRF)")
        void otherBrowser() {
            String back = new Browser(rp).authorize(new Browser(rp).startLogin(null));
            assertRejected(browser.get(back), 400);
        }

        @Test
        @DisplayName("a replayed callback is a 400 and does not sign in again")
        void replayed() {
            String back = browser.authorize(browser.startLogin(null));
            assertInstanceOf(Outcome.Redirect.class, browser.get(back));
            assertEquals(400, ((Outcome.Page) browser.get(back)).status());
            Browser thief = new Browser(rp);
            Outcome o = thief.get(back);
            assertEquals(400, ((Outcome.Page) o).status());
            assertTrue(rp.currentUser(thief.session).isEmpty());
            assertEquals(1, provider.calls(Endpoint.TOKEN), "the code is exchanged once");
        }
    }

    @Nested
    @DisplayName("callback parameters")
    class Parameters {
        @Test
        @DisplayName("a repeated state is a 400, answered without calling the provider")
        void repeated() {
            String back = browser.authorize(browser.startLogin(null));
            assertRejected(browser.get(back + "&state=x"), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN));
        }

        @Test
        @DisplayName("a repeated code is a 400")
        void repeatedCode() {
            String back = browser.authorize(browser.startLogin(null));
            assertRejected(browser.get(back + "&code=x"), 400);
        }

        @Test
        @DisplayName("a parameter over 4 KiB is a 400")
        void oversized() {
            String back = browser.authorize(browser.startLogin(null));
            assertRejected(browser.get(back.replaceAll("code=[^&]*", "code=" + "c".repeat(4097))), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN));
        }

        @Test
        @DisplayName("an error from the provider is a 400 whose page never reflects error_description")
        void providerError() {
            URI uri = browser.startLogin(null);
            String state = LoginFlowTest.params(uri).get("state");
            Outcome o = browser.get(rp.callbackPath() + "?state=" + state + "&iss=" + enc(provider.issuer())
                    + "&error=access_denied&error_description=" + enc("<script>alert(1)</script>"));
            assertRejected(o, 400);
            String html = ((Outcome.Page) o).html();
            assertFalse(html.contains("<script>"), html);
            assertFalse(html.contains("alert(1)"), html);
            assertFalse(html.contains("access_denied"), html);
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("RFC 9207 iss parameter")
    class IssParameter {
        @Test
        @DisplayName("another issuer's iss is a 400 (mix-up attack)")
        void mismatch() {
            provider.authorizationResponseIss("https://attacker.example");
            assertRejected(browser.login(), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN));
        }

        @Test
        @DisplayName("a missing iss is a 400 when the provider advertises it")
        void missingWhenAdvertised() {
            provider.authorizationResponseIss(null);
            assertRejected(browser.login(), 400);
        }

        @Test
        @DisplayName("a missing iss is fine when the provider does not advertise it")
        void missingNotAdvertised() {
            provider.authorizationResponseIss(null);
            provider.discovery(m -> { m.remove("authorization_response_iss_parameter_supported"); return m; });
            assertInstanceOf(Outcome.Redirect.class, browser.login());
        }
    }

    @Nested
    @DisplayName("ID token")
    class IdToken {
        @Test
        @DisplayName("alg none is refused")
        void algNone() {
            assertRejected(loginWith((claims, p) -> new PlainJWT(claims).serialize()), 400);
        }

        @Test
        @DisplayName("HS256 signed with the provider's RSA public key is refused (algorithm confusion)")
        void hs256WithPublicKey() {
            assertRejected(loginWith((claims, p) -> {
                byte[] publicKeyBytes = p.signingKey().toPublicJWK().toJSONString().getBytes();
                OctetSequenceKey k = new OctetSequenceKey.Builder(publicKeyBytes).build();
                return p.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(p.signingKey().getKeyID()).build(), claims, k);
            }), 400);
        }

        @Test
        @DisplayName("HS256 is refused by default even when keyed with the client secret")
        void hs256NotConfigured() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWSHeader(JWSAlgorithm.HS256), claims,
                    new OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes()).build())), 400);
        }

        @Test
        @DisplayName("HS256 keyed with the client secret is accepted once configured")
        void hs256Configured() {
            rp = Fixtures.rp(Fixtures.config(provider).idTokenSigningAlgs(Set.of("RS256", "HS256")).build(),
                    java.time.Clock.systemUTC());
            browser = new Browser(rp);
            assertInstanceOf(Outcome.Redirect.class, loginWith((claims, p) -> p.sign(new JWSHeader(JWSAlgorithm.HS256),
                    claims, new OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes()).build())));
        }

        @Test
        @DisplayName("a flipped signature byte is refused")
        void flippedSignature() {
            assertRejected(loginWith((claims, p) -> {
                String[] parts = p.sign(claims).split("\\.");
                byte[] sig = new Base64URL(parts[2]).decode();
                sig[sig.length / 2] ^= 0x01;
                return parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);
            }), 400);
        }

        @Test
        @DisplayName("a token signed by an attacker key it carries in its jwk header is refused")
        void embeddedJwk() {
            assertRejected(loginWith((claims, p) -> {
                RSAKey attacker = new RSAKeyGenerator(2048).keyID(p.signingKey().getKeyID()).generate();
                return p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID())
                        .jwk(attacker.toPublicJWK()).build(), claims, attacker);
            }), 400);
        }

        @Test
        @DisplayName("a validly signed token that names a jku is refused, whatever the jku says")
        void jkuHeader() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(p.signingKey().getKeyID()).jwkURL(URI.create("https://attacker.example/jwks")).build(),
                    claims, p.signingKey())), 400);
        }

        @Test
        @DisplayName("a wrong iss is refused")
        void wrongIssuer() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .issuer("https://attacker.example").build())), 400);
        }

        @Test
        @DisplayName("a wrong aud is refused")
        void wrongAudience() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .audience("another-client").build())), 400);
        }

        @Test
        @DisplayName("several audiences with an azp naming another client are refused")
        void wrongAzp() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .audience(List.of(TestProvider.CLIENT_ID, "another-client")).claim("azp", "another-client").build())), 400);
        }

        @Test
        @DisplayName("several audiences with azp naming this client are accepted")
        void rightAzp() {
            assertInstanceOf(Outcome.Redirect.class, loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .audience(List.of(TestProvider.CLIENT_ID, "another-client")).claim("azp", TestProvider.CLIENT_ID).build())));
        }

        @Test
        @DisplayName("an expired token is refused (beyond the 60 s skew)")
        void expired() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .issueTime(new Date(System.currentTimeMillis() - 600_000))
                    .expirationTime(new Date(System.currentTimeMillis() - 120_000)).build())), 400);
        }

        @Test
        @DisplayName("a token expired by less than the skew is still accepted")
        void expiredWithinSkew() {
            assertInstanceOf(Outcome.Redirect.class, loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .expirationTime(new Date(System.currentTimeMillis() - 30_000)).build())));
        }

        @Test
        @DisplayName("a token issued in the future is refused (beyond the 60 s skew)")
        void issuedInFuture() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .issueTime(new Date(System.currentTimeMillis() + 300_000))
                    .expirationTime(new Date(System.currentTimeMillis() + 900_000)).build())), 400);
        }

        @Test
        @DisplayName("a wrong nonce is refused")
        void wrongNonce() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .claim("nonce", "not-the-nonce").build())), 400);
        }

        @Test
        @DisplayName("a missing nonce is refused")
        void missingNonce() {
            assertRejected(loginWith((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims)
                    .claim("nonce", null).build())), 400);
        }

        @Test
        @DisplayName("an ES256 token from the provider's JWKS is accepted")
        void es256() {
            provider.signingAlgorithm(JWSAlgorithm.ES256);
            rp = Fixtures.rp(Fixtures.config(provider).idTokenSigningAlgs(Set.of("ES256")).build(), java.time.Clock.systemUTC());
            browser = new Browser(rp);
            assertInstanceOf(Outcome.Redirect.class, browser.login());
            assertEquals(Curve.P_256, provider.ecSigningKey().getCurve());
        }
    }

    @Nested
    @DisplayName("UserInfo")
    class UserInfo {
        @Test
        @DisplayName("a UserInfo sub that differs from the ID token's is refused")
        void subMismatch() {
            rp = Fixtures.rp(Fixtures.config(provider).fetchUserInfo(true).build(), java.time.Clock.systemUTC());
            browser = new Browser(rp);
            provider.userInfo(m -> { m.put("sub", "mallory"); return m; });
            assertRejected(browser.login(), 400);
        }
    }

    @Nested
    @DisplayName("key rotation")
    class Keys {
        @Test
        @DisplayName("an unknown kid causes exactly one JWKS refresh and then succeeds with the rotated key")
        void rotation() {
            browser.login();
            int before = provider.calls(Endpoint.JWKS);
            provider.rotateKeys();
            Browser other = new Browser(rp);
            assertInstanceOf(Outcome.Redirect.class, other.login());
            assertEquals(before + 1, provider.calls(Endpoint.JWKS));
        }

        @Test
        @DisplayName("a burst of unknown kids causes at most one refresh per window")
        void burst() throws Exception {
            browser.login();
            int before = provider.calls(Endpoint.JWKS);
            // One key made here, a new kid for each login: generating 2048-bit keys inside the provider's answer took
            // longer than the 2 s timeout on a loaded machine.
            RSAKey strangerKey = new RSAKeyGenerator(2048).generate();
            for (int i = 0; i < 6; i++) {
                Browser b = new Browser(rp);
                provider.forgeIdToken((claims, p) -> {
                    RSAKey stranger = new RSAKey.Builder(strangerKey).keyID(UUID.randomUUID().toString()).build();
                    return p.sign(rs256(stranger.getKeyID()), claims, stranger);
                });
                Outcome o = b.login();
                assertEquals(400, ((Outcome.Page) o).status());
            }
            assertEquals(before + 1, provider.calls(Endpoint.JWKS));
        }

        @Test
        @DisplayName("unusable keys in the JWKS are skipped, not fatal")
        void unusableKeys() {
            provider.extraJwks(List.of(
                    java.util.Map.of("kty", "RSA", "kid", "broken", "n", "!!", "e", "AQAB"),
                    java.util.Map.of("kty", "oct", "kid", "sym", "k", "c2VjcmV0"),
                    java.util.Map.of("kty", "UNKNOWN", "kid", "odd"),
                    java.util.Map.of("kty", "EC", "crv", "P-256", "kid", "enc-only", "use", "enc",
                            "x", provider.ecSigningKey().getX().toString(), "y", provider.ecSigningKey().getY().toString())));
            assertInstanceOf(Outcome.Redirect.class, browser.login());
        }
    }

    @Test
    @DisplayName("the ID token's signature is checked even though it came straight from the token endpoint")
    void signatureAlwaysChecked() {
        RSAKey attacker;
        try {
            attacker = new RSAKeyGenerator(2048).keyID("k").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError(e);
        }
        assertRejected(loginWith((claims, p) -> p.sign(rs256(p.signingKey().getKeyID()), claims, attacker)), 400);
    }

    @Test
    @DisplayName("tokens never reach a page, a URL or the outcome headers")
    void tokensStayInside() {
        Outcome o = browser.login();
        String idToken = browser.session.attributes.get("oidckit.id_token");
        assertTrue(idToken != null && idToken.length() > 100);
        assertFalse(((Outcome.Redirect) o).location().contains(idToken.substring(0, 40)));
        assertFalse(o.headers().toString().contains(idToken.substring(0, 40)));
    }
}
