package io.oidckit.micronaut;

import io.oidckit.OidcConfig;
import io.oidckit.web.RelyingParty;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Micronaut way")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautIdiomTest {
    TestProvider provider;
    MicronautTestApp app;
    int port;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        port = AdapterCompatibilityKit.freePort();
        // Configured from oidckit.* properties only, as application.yml would: no OidcConfig bean.
        app = MicronautTestApp.start("idiom", null, port, settings(provider, port, "http://127.0.0.1:" + port + "/auth/callback"));
    }

    static Map<String, Object> settings(TestProvider provider, int port, String redirectUri) {
        Map<String, Object> p = new HashMap<>();
        p.put("oidckit.authority", provider.issuer());
        p.put("oidckit.client-id", TestProvider.CLIENT_ID);
        p.put("oidckit.client-secret", TestProvider.CLIENT_SECRET);
        p.put("oidckit.redirect-uri", redirectUri);
        p.put("oidckit.http-timeout", "2s");
        p.put("oidckit.protect", List.of("idiom/principal"));
        p.put("oidckit.api-audience", TestProvider.API_AUDIENCE);
        return p;
    }

    @AfterAll
    void stop() {
        app.close();
        provider.close();
    }

    @BeforeEach
    void reset() {
        provider.reset();
    }

    TckBrowser browser() {
        return new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
    }

    TckBrowser signedInAs(String user) {
        provider.loginAs(user);
        TckBrowser b = browser();
        assertEquals(302, b.login("/auth/login").status());
        return b;
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("oidckit.* properties become the relying party's configuration, protect rules included")
        void properties() {
            OidcConfig config = app.context().getBean(RelyingParty.class).config();
            assertEquals(TestProvider.CLIENT_ID, config.clientId());
            assertEquals("http://127.0.0.1:" + port + "/auth/callback", config.redirectUri().toString());
            assertEquals(java.time.Duration.ofSeconds(2), config.responseTimeout());
            assertEquals(1, config.accessRules().size());
            assertEquals("idiom/principal", config.accessRules().get(0).pattern());
        }

        @Test
        @DisplayName("a property wins over the environment variable; variables without a property still count")
        void precedence() {
            Map<String, String> env = Map.of("OIDC_CLIENT_ID", "from-env", "OIDC_SCOPE", "openid from-env",
                    "OIDC_ROLES_CLAIM", "realm_access.roles");
            OidcConfig config = MicronautOidcFactory.config(app.context().getEnvironment(), env);
            assertEquals(TestProvider.CLIENT_ID, config.clientId());
            assertEquals(List.of("openid", "from-env"), config.scopes());
            assertEquals("realm_access.roles", config.rolesClaim());
        }

        @Test
        @DisplayName("an invalid configuration stops start-up with the core's message naming the setting as written")
        void invalid() {
            int other = freePort();
            Map<String, Object> p = settings(provider, other, "not a url");
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> MicronautTestApp.start("idiom", null, other, p).close());
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof io.oidckit.OidcConfigException)) t = t.getCause();
            assertTrue(t instanceof io.oidckit.OidcConfigException, String.valueOf(e));
            assertTrue(t.getMessage().contains("OIDC102 oidckit.redirect-uri must be an absolute http(s) URL"), t.getMessage());
        }
    }

    @Nested
    @DisplayName("the user as a controller argument")
    class Argument {
        @Test
        @DisplayName("a @Nullable OidcUser leaves the route public and is null for an anonymous visitor, with no cookie")
        void nullable() {
            TckBrowser.Response r = browser().get("/idiom/open");
            assertEquals(200, r.status());
            assertEquals("anonymous", r.body());
            assertTrue(r.setCookies().isEmpty(), r.setCookies().toString());
            assertEquals("hello alice", signedInAs("alice").get("/idiom/open").body());
        }

        @Test
        @DisplayName("a non-nullable OidcUser requires a login: anonymous browsers go to login and come back")
        void required() {
            TckBrowser.Response r = browser().get("/idiom/me");
            assertEquals(302, r.status());
            assertEquals("/auth/login?return_to=%2Fidiom%2Fme", r.location());
            assertEquals(401, browser().get("/idiom/me", "Accept", "application/json").status());
            TckBrowser.Response me = signedInAs("bob").get("/idiom/me");
            assertEquals(200, me.status());
            assertEquals("me bob bob@example.com", me.body());
            assertTrue(me.header("Cache-Control").contains("no-store"));
        }

        @Test
        @DisplayName("the user is the request principal on a route protected by a configured rule")
        void principal() {
            assertEquals(302, browser().get("/idiom/principal").status());
            assertEquals("principal alice", signedInAs("alice").get("/idiom/principal").body());
        }
    }

    @Nested
    @DisplayName("@OidcRequireRole")
    class Roles {
        @Test
        @DisplayName("lets a user with the role in, shows others the 403 page, sends anonymous browsers to login")
        void method() {
            assertEquals("admin area", signedInAs("alice").get("/idiom/admin").body());
            TckBrowser.Response denied = signedInAs("bob").get("/idiom/admin");
            assertEquals(403, denied.status());
            assertTrue(denied.body().contains("Access denied"), denied.body());
            assertEquals("nosniff", denied.header("X-Content-Type-Options"));
            TckBrowser.Response anonymous = browser().get("/idiom/admin");
            assertEquals(302, anonymous.status());
            assertTrue(anonymous.location().startsWith("/auth/login?return_to="), anonymous.location());
        }

        @Test
        @DisplayName("api = true answers 401 and 403 JSON, never a redirect")
        void api() {
            TckBrowser.Response anonymous = browser().get("/idiom/api-admin", "Accept", "text/html");
            assertEquals(401, anonymous.status());
            assertEquals("{\"error\":\"unauthorized\"}", anonymous.body());
            TckBrowser.Response bob = signedInAs("bob").get("/idiom/api-admin");
            assertEquals(403, bob.status());
            assertEquals("{\"error\":\"forbidden\"}", bob.body());
            assertEquals("{\"admin\":true}", signedInAs("alice").get("/idiom/api-admin").body());
        }

        @Test
        @DisplayName("on the class it covers every method (any listed role), and a method annotation replaces it")
        void classLevel() {
            provider.user("carol", Map.of("name", "Carol", "groups", List.of("manager")));
            assertEquals(403, signedInAs("alice").get("/staff/desk").status());
            assertEquals("desk of carol", signedInAs("carol").get("/staff/desk").body());
            assertEquals("lobby", signedInAs("alice").get("/staff/lobby").body());
            assertEquals(403, signedInAs("carol").get("/staff/lobby").status());
        }
    }

    @Nested
    @DisplayName("the session")
    class SessionCookie {
        @Test
        @DisplayName("its id travels only in the cookie: no Authorization-Info header out, no X-Auth-Token header in")
        void cookieOnly() {
            TckBrowser b = signedInAs("alice");
            TckBrowser.Response r = b.get("/idiom/me");
            assertNull(r.header("Authorization-Info"));
            assertNull(r.header("Set-Cookie"), "an unchanged session sends no cookie again");
            String id = b.cookies().get("SESSION");
            TckBrowser thief = browser();
            assertEquals(302, thief.get("/idiom/me", "X-Auth-Token", id).status());
        }

        @Test
        @DisplayName("gets Secure and the base path from an https redirect URI under a base path")
        void secureCookie() throws Exception {
            int other = freePort();
            Map<String, Object> p = settings(provider, other, "https://127.0.0.1:" + other + "/app/auth/callback");
            p.put("oidckit.url-base-pathname", "/app/");
            MicronautTestApp secure = MicronautTestApp.start("idiom", null, other, p);
            try {
                TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + other + "/"));
                TckBrowser.Response r = b.get("/app/auth/login");
                assertEquals(302, r.status(), r.body());
                String cookie = r.setCookies().get(0);
                String lower = cookie.toLowerCase(java.util.Locale.ROOT);
                assertTrue(lower.contains("; secure"), cookie);
                assertTrue(lower.contains("path=/app/"), cookie);
                assertTrue(lower.contains("samesite=lax") && lower.contains("httponly"), cookie);
                assertFalse(lower.contains("domain="), cookie);
            } finally {
                secure.close();
            }
        }

        @Test
        @DisplayName("is cleared at logout: the cookie is expired or replaced by a fresh id, and the old id is dead")
        void logout() {
            TckBrowser b = signedInAs("alice");
            String id = b.cookies().get("SESSION");
            TckBrowser.Response r = b.get("/auth/logout");
            assertEquals(302, r.status());
            // With an end-session endpoint the core keeps the logout's state in a new session (checked when the
            // provider sends the browser back), so the cookie may carry a fresh id instead of being expired.
            assertTrue(r.setCookies().stream().anyMatch(c -> (c.startsWith("SESSION=;") && c.toLowerCase().contains("max-age=0"))
                            || (c.startsWith("SESSION=") && !c.startsWith("SESSION=;") && !c.startsWith("SESSION=" + id + ";"))),
                    r.setCookies().toString());
            TckBrowser old = browser();
            old.cookies().put("SESSION", id);
            assertEquals(302, old.get("/idiom/me").status());
        }

        @Test
        @DisplayName("a bearer request without a session cookie skips micronaut-session's filter; with the cookie, or at an auth route, the session is there")
        void bearerRequestsAreSessionless() {
            provider.loginAs("alice");
            String token = provider.accessToken(provider.accessTokenClaims("alice", "openid").build());
            TckBrowser.Response api = browser().get("/idiom/probe", "Authorization", "Bearer " + token);
            assertEquals(200, api.status(), api.body());
            assertEquals("no session alice", api.body());
            assertTrue(api.setCookies().isEmpty(), api.setCookies().toString());
            assertEquals(401, browser().get("/idiom/probe").status());

            // A login started with a bearer header (a client sending it everywhere) still keeps its pending state:
            // the session the filter did not see is saved and its cookie sent all the same.
            TckBrowser b = browser();
            TckBrowser.Response login = b.get("/auth/login", "Authorization", "Bearer " + token);
            assertEquals(302, login.status(), login.body());
            assertTrue(login.setCookies().stream().anyMatch(c -> c.startsWith("SESSION=")), login.setCookies().toString());
            assertEquals(302, b.get(b.authorize(URI.create(login.location()))).status());
            assertEquals("me alice alice@example.com", b.get("/idiom/me").body());
            // Signed in, the cookie comes with the token: the filter runs, the token still decides.
            assertEquals("session alice", b.get("/idiom/probe", "Authorization", "Bearer " + token).body());
        }
    }

    static int freePort() {
        try {
            return AdapterCompatibilityKit.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
