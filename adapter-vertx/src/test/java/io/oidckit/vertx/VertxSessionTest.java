package io.oidckit.vertx;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import io.vertx.ext.web.sstore.LocalSessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("State in Vert.x Web's SessionHandler")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxSessionTest {
    private TestProvider provider;
    private LocalSessionStore store;
    private TckApp local;
    private TckApp clustered;
    private TckApp https;
    private TckApp probed;
    private URI probedBase;
    private URI localBase;
    private URI clusteredBase;
    private URI httpsBase;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        // A map of its own, so the count below sees this app's sessions only.
        store = LocalSessionStore.create(TestVertx.shared(), "oidckit-session-test");
        int p1 = AdapterCompatibilityKit.freePort();
        local = VertxTckApp.start(VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, p1).build()), store, p1, r -> { });
        localBase = URI.create("http://127.0.0.1:" + p1 + "/");

        int p2 = AdapterCompatibilityKit.freePort();
        clustered = VertxTckApp.start(VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, p2).build()),
                new SerialisingSessionStore(TestVertx.shared()), p2, r -> { });
        clusteredBase = URI.create("http://127.0.0.1:" + p2 + "/");

        int p3 = AdapterCompatibilityKit.freePort();
        https = VertxTckApp.start(VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, p3)
                .redirectUri("https://127.0.0.1:" + p3 + "/app/auth/callback").basePath("/app/").build()), null, p3, r -> { });
        httpsBase = URI.create("http://127.0.0.1:" + p3 + "/");

        // A route that says whether the request has a Vert.x session, and who the core found.
        int p4 = AdapterCompatibilityKit.freePort();
        probed = VertxTckApp.start(VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, p4).build()), null, p4,
                r -> r.get("/api/probe").handler(ctx -> ctx.response().end((ctx.session() == null ? "no session" : "session")
                        + " " + VertxOidc.user(ctx).map(io.oidckit.OidcUser::subject).orElse("-"))));
        probedBase = URI.create("http://127.0.0.1:" + p4 + "/");
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
        clustered.close();
        https.close();
        probed.close();
        provider.close();
        BlockedThreadWatch.assertNone();
    }

    @BeforeEach
    void reset() {
        provider.reset();
    }

    private int stored() throws Exception {
        return TestVertx.await(store.size());
    }

    @Test
    @DisplayName("anonymous visits, with no, a short or an unknown session cookie, store no session and set no cookie")
    void lazy() throws Exception {
        int before = stored();
        for (String cookie : List.of("", "0000", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef")) {
            TckBrowser b = new TckBrowser(localBase);
            if (!cookie.isEmpty()) b.cookies().put(VertxOidc.SESSION_COOKIE_NAME, cookie);
            for (String path : List.of("/", "/api/me", "/profile")) {
                TckBrowser.Response r = b.get(path);
                assertTrue(r.setCookies().isEmpty(), path + " with cookie '" + cookie + "' set " + r.setCookies());
            }
        }
        assertEquals(before, stored());
    }

    @Test
    @DisplayName("a stale session cookie (a store emptied by a restart) gets a fresh session at login, and the login works")
    void staleCookie() {
        provider.loginAs("bob");
        TckBrowser b = new TckBrowser(localBase);
        String stale = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef";
        b.cookies().put(VertxOidc.SESSION_COOKIE_NAME, stale);
        TckBrowser.Response login = b.get("/auth/login");
        assertEquals(302, login.status());
        assertTrue(login.setCookies().stream().anyMatch(c -> c.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=")
                && !c.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=" + stale)), "a new session cookie: " + login.setCookies());
        assertEquals(302, b.get(b.authorize(URI.create(login.location()))).status());
        assertTrue(b.get("/").body().contains("Welcome Bob Builder"));
    }

    @Test
    @DisplayName("a login stores one session; logout deletes it from the store and expires the cookie or replaces it with a fresh id")
    void storeLifecycle() throws Exception {
        int before = stored();
        provider.loginAs("alice");
        TckBrowser b = new TckBrowser(localBase);
        assertEquals(302, b.login("/auth/login").status());
        assertEquals(before + 1, stored(), "the pre-login session is replaced, not kept beside the new one");
        String signedIn = b.cookies().get(VertxOidc.SESSION_COOKIE_NAME);
        TckBrowser.Response out = b.get("/auth/logout");
        assertEquals(302, out.status());
        String cookie = out.setCookies().stream().filter(c -> c.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=")).findFirst().orElse(null);
        assertNotNull(cookie, "logout must expire or replace the cookie: " + out.setCookies());
        String lower = cookie.toLowerCase(Locale.ROOT);
        boolean expired = lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970");
        // With an end-session endpoint the core keeps the logout's state (checked when the provider sends the
        // browser back) in a new session: then the cookie carries a fresh id, and that session is the only one left.
        assertTrue(expired || !cookie.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=" + signedIn + ";"), cookie);
        assertNull(TestVertx.await(store.get(signedIn)), "the signed-in session must be deleted from the store");
        assertEquals(expired ? before : before + 1, stored());
    }

    @Test
    @DisplayName("a store that keeps sessions as bytes (like clustered and Redis stores) carries the login, the roles and the logout")
    void serialisingStore() {
        provider.loginAs("alice");
        TckBrowser alice = new TckBrowser(clusteredBase);
        assertEquals(302, alice.login("/auth/login").status());
        assertTrue(alice.get("/").body().contains("Welcome Alice Admin"));
        assertEquals(200, alice.get("/admin").status());
        assertTrue(alice.get("/api/me").body().contains("\"roles\":[\"admin\"]"));
        String signedIn = alice.cookies().get(VertxOidc.SESSION_COOKIE_NAME);
        assertEquals(302, alice.get("/auth/logout").status());
        assertEquals(401, alice.get("/api/me").status());
        // The logout ends the session in the store itself: a copy of the old cookie is not signed in either.
        TckBrowser copy = new TckBrowser(clusteredBase);
        copy.cookies().put(VertxOidc.SESSION_COOKIE_NAME, signedIn);
        assertEquals(401, copy.get("/api/me").status(), "the signed-in session outlived the logout in the store");
        provider.loginAs("bob");
        TckBrowser bob = new TckBrowser(clusteredBase);
        assertEquals(302, bob.login("/auth/login").status());
        assertEquals(403, bob.get("/admin").status());
        assertTrue(bob.get("/").setCookies().isEmpty(), "a signed-in page view does not reissue the cookie");
    }

    @Test
    @DisplayName("with an https redirect URI and a base path, the cookie is Secure and scoped to the base path")
    void httpsCookie() {
        TckBrowser.Response r = new TckBrowser(httpsBase).get("/app/auth/login");
        assertEquals(302, r.status(), r.body());
        String cookie = r.setCookies().stream().filter(c -> c.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=")).findFirst().orElseThrow();
        String lower = cookie.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("; secure"), cookie);
        assertTrue(lower.contains("httponly"), cookie);
        assertTrue(lower.contains("samesite=lax"), cookie);
        assertTrue(lower.contains("path=/app/"), cookie);
        assertFalse(lower.contains("domain="), cookie);
    }

    @Test
    @DisplayName("a bearer request without a session cookie runs no SessionHandler: its route has no session; with the cookie, or at an auth route, the session is there")
    void bearerRequestsAreSessionless() {
        provider.loginAs("alice");
        String token = provider.accessToken(provider.accessTokenClaims("alice", "openid").build());
        TckBrowser.Response api = new TckBrowser(probedBase).get("/api/probe", "Authorization", "Bearer " + token);
        assertEquals(200, api.status(), api.body());
        assertEquals("no session alice", api.body());
        assertTrue(api.setCookies().isEmpty(), api.setCookies().toString());
        // Without a token the lazy SessionHandler runs as before (anonymous: 401, no cookie).
        assertEquals(401, new TckBrowser(probedBase).get("/api/probe").status());

        // A login started with a bearer header (a client sending it everywhere) still keeps its pending state.
        TckBrowser b = new TckBrowser(probedBase);
        TckBrowser.Response login = b.get("/auth/login", "Authorization", "Bearer " + token);
        assertEquals(302, login.status(), login.body());
        assertTrue(login.setCookies().stream().anyMatch(c -> c.startsWith(VertxOidc.SESSION_COOKIE_NAME + "=")), login.setCookies().toString());
        assertEquals(302, b.get(b.authorize(URI.create(login.location()))).status());
        assertTrue(b.get("/").body().contains("Welcome Alice Admin"));
        // Signed in, the cookie comes with the token: the SessionHandler runs, the token still decides.
        TckBrowser.Response both = b.get("/api/probe", "Authorization", "Bearer " + token);
        assertEquals("session alice", both.body());
    }
}
