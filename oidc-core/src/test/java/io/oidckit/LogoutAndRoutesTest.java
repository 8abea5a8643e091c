package io.oidckit;

import io.oidckit.web.RelyingParty;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Logout and protected routes")
class LogoutAndRoutesTest extends WithTestProvider {
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

    @Nested
    @DisplayName("logout")
    class Logout {
        @Test
        @DisplayName("ends the session and redirects to end_session_endpoint with id_token_hint, client_id and post_logout_redirect_uri")
        void endSession() {
            browser.login();
            String idToken = browser.session.attributes.get("oidckit.id_token");
            Outcome o = browser.get(rp.logoutPath());
            URI uri = URI.create(((Outcome.Redirect) o).location());
            assertEquals(provider.uri("/logout").getPath(), uri.getPath());
            Map<String, String> p = LoginFlowTest.params(uri);
            assertEquals(idToken, p.get("id_token_hint"));
            assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
            assertEquals("http://127.0.0.1:8080/", p.get("post_logout_redirect_uri"));
            assertEquals(1, browser.session.invalidations);
            assertTrue(rp.currentUser(browser.session).isEmpty());
            assertEquals("no-store", o.headers().get("Cache-Control"));
        }

        @Test
        @DisplayName("also works by POST")
        void post() {
            browser.login();
            assertInstanceOf(Outcome.Redirect.class, browser.send("POST", rp.logoutPath()));
            assertTrue(rp.currentUser(browser.session).isEmpty());
        }

        @Test
        @DisplayName("redirects to the base path when the provider has no end_session_endpoint")
        void noEndSession() {
            provider.discovery(m -> { m.remove("end_session_endpoint"); return m; });
            browser.login();
            assertEquals("/", ((Outcome.Redirect) browser.get(rp.logoutPath())).location());
            assertTrue(rp.currentUser(browser.session).isEmpty());
        }

        @Test
        @DisplayName("a cross-site request does not log out: it gets a page with a logout button")
        void crossSite() {
            browser.login();
            Outcome o = browser.get(rp.logoutPath(), "Sec-Fetch-Site", "cross-site");
            Outcome.Page page = assertInstanceOf(Outcome.Page.class, o);
            assertEquals(200, page.status());
            assertTrue(page.html().contains("method=\"post\""));
            assertTrue(page.html().contains("action=\"/auth/logout\""));
            assertTrue(rp.currentUser(browser.session).isPresent(), "still signed in");
            assertEquals("no-store", page.headers().get("Cache-Control"));
        }

        @Test
        @DisplayName("an anonymous logout just goes home")
        void anonymous() {
            assertEquals("/", ((Outcome.Redirect) browser.get(rp.logoutPath())).location());
        }
    }

    @Nested
    @DisplayName("protected routes")
    class Protected {
        @Test
        @DisplayName("send an anonymous browser into the login flow, returning here afterwards")
        void anonymousRedirect() {
            Outcome o = browser.get("/profile?tab=1");
            assertEquals("/auth/login?return_to=%2Fprofile%3Ftab%3D1", ((Outcome.Redirect) o).location());
            assertEquals("no-store", o.headers().get("Cache-Control"));
            assertFalse(browser.session.exists, "no session before a login starts");
        }

        @Test
        @DisplayName("answer 401 JSON to an anonymous client that prefers JSON")
        void anonymousJson() {
            Outcome.Json j = assertInstanceOf(Outcome.Json.class, browser.get("/profile", "Accept", "application/json"));
            assertEquals(401, j.status());
            assertEquals("{\"error\":\"unauthorized\"}", j.body());
            j = assertInstanceOf(Outcome.Json.class, browser.get("/admin", "X-Requested-With", "XMLHttpRequest"));
            assertEquals(401, j.status());
        }

        @Test
        @DisplayName("keep a browser's HTML preference: a browser Accept header still gets the redirect")
        void browserAccept() {
            assertInstanceOf(Outcome.Redirect.class, browser.get("/profile",
                    "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
            assertInstanceOf(Outcome.Json.class, browser.get("/profile",
                    "Accept", "text/html;q=0.5, application/json"));
        }

        @Test
        @DisplayName("answer API routes with 401 JSON, never a redirect, whatever the Accept header")
        void apiNeverRedirects() {
            Outcome.Json j = assertInstanceOf(Outcome.Json.class, browser.get("/api/me", "Accept", "text/html"));
            assertEquals(401, j.status());
        }

        @Test
        @DisplayName("let a signed-in user through with no-store")
        void signedIn() {
            browser.login();
            Outcome.Continue c = assertInstanceOf(Outcome.Continue.class, browser.get("/profile"));
            assertEquals("alice", c.user().subject());
            assertEquals("no-store", c.headers().get("Cache-Control"));
        }

        @Test
        @DisplayName("answer 403 to a user without the role, as a page or as JSON")
        void forbidden() {
            provider.loginAs("bob");
            browser.login();
            Outcome.Page page = assertInstanceOf(Outcome.Page.class, browser.get("/admin"));
            assertEquals(403, page.status());
            assertTrue(page.html().contains("Access denied"));
            Outcome.Json json = assertInstanceOf(Outcome.Json.class, browser.get("/admin/x", "Accept", "application/json"));
            assertEquals(403, json.status());
        }

        @Test
        @DisplayName("cannot be bypassed by spelling the path differently")
        void normalisation() {
            for (String p : new String[]{"/./admin", "//admin", "/admin;x=1", "/%61dmin", "/api/../admin", "/admin/",
                    "/x/../admin/"}) {
                assertInstanceOf(Outcome.Redirect.class, browser.get(p), p);
            }
        }

        @Test
        @DisplayName("treat an expired local session as anonymous")
        void expired() {
            browser.login();
            clock.advance(Duration.ofHours(8).plusSeconds(1));
            assertInstanceOf(Outcome.Redirect.class, browser.get("/profile"));
        }

        @Test
        @DisplayName("treat a corrupt stored user as anonymous, never as an error")
        void corrupt() {
            browser.session.put("oidckit.user", "{not json");
            Outcome.Continue c = assertInstanceOf(Outcome.Continue.class, browser.get("/"));
            assertNull(c.user());
            assertInstanceOf(Outcome.Redirect.class, browser.get("/profile"));
        }

        @Test
        @DisplayName("check an existing session without any provider call, from a memo after the first parse")
        void hotPath() {
            browser.login();
            provider.down();
            try {
                OidcUser first = ((Outcome.Continue) browser.get("/profile")).user();
                OidcUser second = ((Outcome.Continue) browser.get("/profile")).user();
                assertSame(first, second);
            } finally {
                provider.up();
            }
        }
    }

    @Test
    @DisplayName("the home page shows the signed-in user with no-store")
    void publicPersonalised() {
        browser.login();
        Outcome.Continue c = assertInstanceOf(Outcome.Continue.class, browser.get("/"));
        assertEquals("Alice Admin", c.user().displayName());
        assertEquals("no-store", c.headers().get("Cache-Control"));
    }

    @Test
    @DisplayName("the api/me body has sub, name, email and roles, escaped")
    void apiMe() {
        OidcUser u = new OidcUser("s<1>", "N \"q\"", null, null, java.util.Set.of("b", "a"), 0, 0);
        assertEquals("{\"sub\":\"s\\u003c1\\u003e\",\"name\":\"N \\\"q\\\"\",\"email\":null,\"roles\":[\"a\",\"b\"]}", u.toJson());
    }

    @Test
    @DisplayName("routes live under the base path")
    void basePath() {
        rp = Fixtures.rp(Fixtures.config(provider).basePath("/app").redirectUri("http://127.0.0.1:8080/app/auth/callback").build(), clock);
        browser = new Browser(rp);
        assertEquals("/app/auth/login", rp.loginPath());
        assertEquals("/app/auth/callback", rp.callbackPath());
        assertInstanceOf(Outcome.Continue.class, browser.get("/profile"));
        assertEquals("/app/auth/login?return_to=%2Fapp%2Fprofile", ((Outcome.Redirect) browser.get("/app/profile")).location());
        assertEquals("/app/", ((Outcome.Redirect) browser.login()).location());
    }

    @Test
    @DisplayName("the session cookie policy is HttpOnly, SameSite=Lax, and Secure exactly when the redirect URI is https")
    void cookiePolicy() {
        assertTrue(rp.cookiePolicy().httpOnly());
        assertEquals("Lax", rp.cookiePolicy().sameSite());
        assertFalse(rp.cookiePolicy().secure());
        RelyingParty https = RelyingParty.create(Fixtures.config(provider).redirectUri("https://app.example/auth/callback").build());
        assertTrue(https.cookiePolicy().secure());
    }
}
