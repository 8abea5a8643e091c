package io.oidckit;

import io.oidckit.web.RelyingParty;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Login and callback")
class LoginFlowTest extends WithTestProvider {
    Fixtures.MovableClock clock;
    RelyingParty rp;
    Browser browser;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
        rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
        browser = new Browser(rp);
    }

    static Map<String, String> params(URI uri) {
        Map<String, String> m = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Nested
    @DisplayName("the login route")
    class LoginRoute {
        @Test
        @DisplayName("redirects to the authorization endpoint with every parameter the contract names")
        void authorizationRequest() {
            URI uri = browser.startLogin(null);
            assertEquals(provider.uri("/authorize").getPath(), uri.getPath());
            Map<String, String> p = params(uri);
            assertEquals("code", p.get("response_type"));
            assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
            assertEquals(Fixtures.REDIRECT, p.get("redirect_uri"));
            assertEquals("openid email profile", p.get("scope"));
            assertEquals("S256", p.get("code_challenge_method"));
            // 256 random bits, base64url: 43 characters, well over the contract's 128 bits.
            assertTrue(p.get("state").matches("[A-Za-z0-9_-]{43}"), p.get("state"));
            assertTrue(p.get("nonce").matches("[A-Za-z0-9_-]{43}"), p.get("nonce"));
            assertNotEquals(p.get("state"), p.get("nonce"));
            assertTrue(p.get("code_challenge").matches("[A-Za-z0-9_-]{43}"));
        }

        @Test
        @DisplayName("always sends openid, even when the configured scope leaves it out")
        void openidAlwaysSent() {
            rp = Fixtures.rp(Fixtures.config(provider).scope("email").build(), clock);
            browser = new Browser(rp);
            assertEquals("openid email", params(browser.startLogin(null)).get("scope"));
        }

        @Test
        @DisplayName("answers with Cache-Control: no-store")
        void noStore() {
            Outcome o = browser.get(rp.loginPath());
            assertEquals("no-store", o.headers().get("Cache-Control"));
        }

        @Test
        @DisplayName("sends a code_challenge that is the S256 hash of the verifier the token request later proves")
        void pkce() {
            URI uri = browser.startLogin(null);
            String challenge = params(uri).get("code_challenge");
            browser.get(browser.authorize(uri));
            String verifier = provider.lastTokenRequest().get("code_verifier");
            assertEquals(challenge, CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue());
        }

        @Test
        @DisplayName("gives each attempt its own state and nonce")
        void freshEachTime() {
            Map<String, String> a = params(browser.startLogin(null));
            Map<String, String> b = params(browser.startLogin(null));
            assertNotEquals(a.get("state"), b.get("state"));
            assertNotEquals(a.get("nonce"), b.get("nonce"));
            assertNotEquals(a.get("code_challenge"), b.get("code_challenge"));
        }
    }

    @Nested
    @DisplayName("a successful callback")
    class Success {
        @Test
        @DisplayName("signs the user in with the claims and roles of the ID token")
        void signsIn() {
            Outcome o = browser.login();
            Outcome.Redirect r = assertInstanceOf(Outcome.Redirect.class, o);
            assertEquals("/", r.location());
            OidcUser user = rp.currentUser(browser.session).orElseThrow();
            assertEquals("alice", user.subject());
            assertEquals("Alice Admin", user.displayName());
            assertEquals("alice@example.com", user.email());
            assertEquals(Set.of("admin"), user.roles());
        }

        @Test
        @DisplayName("renews the session id, so an id planted before login is worthless")
        void renewsId() {
            URI uri = browser.startLogin(null);
            int before = browser.session.id;
            browser.get(browser.authorize(uri));
            assertNotEquals(before, browser.session.id);
        }

        @Test
        @DisplayName("redirects with no-store and Referrer-Policy: no-referrer, so the code never leaks onward")
        void redirectHeaders() {
            Outcome o = browser.login();
            assertEquals("no-store", o.headers().get("Cache-Control"));
            assertEquals("no-referrer", o.headers().get("Referrer-Policy"));
        }

        @Test
        @DisplayName("returns to a safe return_to path")
        void returnTo() {
            Outcome o = browser.get(browser.authorize(browser.startLogin("return_to=%2Fprofile%3Ftab%3D2")));
            assertEquals("/profile?tab=2", ((Outcome.Redirect) o).location());
        }

        @Test
        @DisplayName("makes one token call and, once warm, no discovery or JWKS call")
        void providerCallsPerLogin() {
            browser.login();
            new Browser(rp).login();
            int discovery = provider.calls(Endpoint.DISCOVERY), jwks = provider.calls(Endpoint.JWKS);
            provider.reset();
            new Browser(rp).login();
            assertEquals(1, provider.calls(Endpoint.TOKEN));
            assertEquals(0, provider.calls(Endpoint.DISCOVERY));
            assertEquals(0, provider.calls(Endpoint.JWKS));
            assertEquals(1, provider.calls(Endpoint.USERINFO), "OIDC_FETCH_USERINFO=auto with the profile scope");
            assertEquals(1, discovery);
            assertEquals(1, jwks);
        }

        @Test
        @DisplayName("takes roles from a dotted claim path")
        void dottedRoles() {
            provider.user("carol", Map.of("name", "Carol", "realm_access", Map.of("roles", java.util.List.of("admin", "ops"))));
            provider.loginAs("carol");
            rp = Fixtures.rp(Fixtures.config(provider).rolesClaim("realm_access.roles").build(), clock);
            browser = new Browser(rp);
            browser.login();
            assertEquals(Set.of("admin", "ops"), rp.currentUser(browser.session).orElseThrow().roles());
        }

        @Test
        @DisplayName("accepts a roles claim holding a single string")
        void singleStringRole() {
            provider.user("dave", Map.of("groups", "admin"));
            provider.loginAs("dave");
            browser.login();
            assertEquals(Set.of("admin"), rp.currentUser(browser.session).orElseThrow().roles());
        }

        @Test
        @DisplayName("merges UserInfo claims when UserInfo is enabled")
        void userInfo() {
            provider.userInfo(m -> { m.put("name", "Alice From UserInfo"); m.put("picture", "x"); return m; });
            provider.user("erin", Map.of());
            provider.loginAs("erin");
            provider.userInfo(m -> { m.put("name", "Erin From UserInfo"); return m; });
            rp = Fixtures.rp(Fixtures.config(provider).fetchUserInfo(true).build(), clock);
            browser = new Browser(rp);
            browser.login();
            assertEquals(1, provider.calls(Endpoint.USERINFO));
            assertEquals("Erin From UserInfo", rp.currentUser(browser.session).orElseThrow().displayName());
        }

        @Test
        @DisplayName("works with static endpoints when discovery is skipped")
        void skipDiscovery() {
            rp = Fixtures.rp(Fixtures.config(provider).skipDiscovery(true)
                    .authorizationEndpoint(provider.uri("/authorize").toString())
                    .tokenEndpoint(provider.uri("/token").toString())
                    .jwksUri(provider.uri("/jwks").toString()).build(), clock);
            browser = new Browser(rp);
            provider.authorizationResponseIss(null);
            assertInstanceOf(Outcome.Redirect.class, browser.login());
            assertTrue(rp.currentUser(browser.session).isPresent());
            assertEquals(0, provider.calls(Endpoint.DISCOVERY));
        }
    }

    @Nested
    @DisplayName("pending logins")
    class Pending {
        @Test
        @DisplayName("let two tabs log in at once, in either order")
        void twoTabs() {
            URI first = browser.startLogin("return_to=/one");
            URI second = browser.startLogin("return_to=/two");
            String secondBack = browser.authorize(second);
            String firstBack = browser.authorize(first);
            assertEquals("/two", ((Outcome.Redirect) browser.get(secondBack)).location());
            assertEquals("/one", ((Outcome.Redirect) browser.get(firstBack)).location());
        }

        @Test
        @DisplayName("are capped at ten per browser, the oldest dropped first")
        void capped() {
            URI oldest = browser.startLogin(null);
            for (int i = 0; i < 10; i++) browser.startLogin(null);
            Outcome o = browser.get(browser.authorize(oldest));
            assertEquals(400, ((Outcome.Page) o).status());
            assertTrue(rp.currentUser(browser.session).isEmpty());
        }

        @Test
        @DisplayName("expire after ten minutes")
        void expire() {
            URI uri = browser.startLogin(null);
            String back = browser.authorize(uri);
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            Outcome o = browser.get(back);
            assertEquals(400, ((Outcome.Page) o).status());
            assertTrue(rp.currentUser(browser.session).isEmpty());
            // Refused for its age, before the code is spent (not later, for an ID token expired by the moved clock).
            assertEquals(0, provider.calls(Endpoint.TOKEN));
        }

        @Test
        @DisplayName("still work just before ten minutes")
        void notYetExpired() {
            URI uri = browser.startLogin(null);
            String back = browser.authorize(uri);
            clock.advance(Duration.ofMinutes(9));
            // The ID token is checked against the same clock, so the provider issues it at the moved time.
            provider.forgeIdToken((c, p) -> p.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder(c)
                    .issueTime(java.util.Date.from(clock.instant()))
                    .expirationTime(java.util.Date.from(clock.instant().plusSeconds(300))).build()));
            assertInstanceOf(Outcome.Redirect.class, browser.get(back));
        }

        @Test
        @DisplayName("are not created by a login that cannot reach the provider")
        void noSessionWhenProviderDown() {
            provider.down();
            try {
                Outcome o = browser.get(rp.loginPath());
                assertEquals(503, ((Outcome.Page) o).status());
                assertFalse(browser.session.exists);
            } finally {
                provider.up();
            }
        }
    }

    @Nested
    @DisplayName("return_to")
    class ReturnTo {
        @Test
        @DisplayName("falls back to the base path for anything that is not a path on this app")
        void offSite() {
            for (String evil : new String[]{"https://evil.example/", "//evil.example", "/\\evil.example",
                    "https:evil.example", "/%2F%2Fevil.example", "%2F%2Fevil.example", "/%5Cevil.example",
                    "javascript:alert(1)", "/%09/evil.example", "evil.example", "%252F%252Fevil.example"}) {
                Outcome o = browser.get(browser.authorize(browser.startLogin("return_to=" + evil.replace("%", "%25")
                        .replace("%2525", "%25"))));
                String location = ((Outcome.Redirect) o).location();
                assertTrue(location.equals("/") || (location.startsWith("/") && !location.startsWith("//")
                        && !location.startsWith("/\\")), evil + " -> " + location);
                assertFalse(location.contains("evil.example") && !location.startsWith("/%"), evil + " -> " + location);
            }
        }

        @Test
        @DisplayName("rejects the usual bypass spellings outright")
        void bypassSpellings() {
            for (String evil : new String[]{"//evil.example", "/\\evil.example", "https:evil.example",
                    "https://evil.example", "/\t/evil.example", "///evil.example", "/%2F/evil.example"}) {
                String q = "return_to=" + java.net.URLEncoder.encode(evil, StandardCharsets.UTF_8);
                Outcome o = browser.get(browser.authorize(browser.startLogin(q)));
                assertEquals("/", ((Outcome.Redirect) o).location(), evil);
            }
        }
    }

    @Test
    @DisplayName("an anonymous request to a public page creates no session")
    void anonymousPublic() {
        Outcome o = browser.get("/");
        Outcome.Continue c = assertInstanceOf(Outcome.Continue.class, o);
        assertNull(c.user());
        assertFalse(browser.session.exists);
        assertTrue(o.headers().isEmpty());
    }
}
