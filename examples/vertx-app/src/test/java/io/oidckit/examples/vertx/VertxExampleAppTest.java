package io.oidckit.examples.vertx;

import io.oidckit.OidcConfigException;
import io.oidckit.devprovider.DevProvider;
import io.oidckit.examples.ExampleChecks;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Vert.x example app")
// An app or provider in try-with-resources often only has to run while the body talks to it over HTTP.
@SuppressWarnings("try")
class VertxExampleAppTest {

    @Test
    @DisplayName("with OIDC_AUTHORITY unset: alice signs in at the development provider, sees admin, logs out; bob is denied")
    void fullFlow() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        try (VertxExampleApp app = VertxExampleApp.start(Map.of("PORT", String.valueOf(port)))) {
            URI base = URI.create("http://localhost:" + port + "/");
            TckBrowser alice = new TckBrowser(base);
            TckBrowser.Response home = alice.get("/");
            assertEquals(200, home.status());
            assertTrue(home.body().contains("Please log in"), home.body());
            assertTrue(home.body().contains("href=\"/auth/login\""), home.body());
            assertTrue(home.setCookies().isEmpty(), "no session for an anonymous visitor: " + home.setCookies());

            // Every step by hand: login -> the provider's form -> POST username -> callback -> home.
            TckBrowser.Response login = alice.get("/auth/login");
            assertEquals(302, login.status());
            URI providerUrl = URI.create(login.location());
            assertTrue(providerUrl.toString().startsWith("http://localhost:"), providerUrl.toString());
            TckBrowser.Response form = alice.send("GET", providerUrl);
            assertEquals(200, form.status());
            assertTrue(form.body().contains("<form"), form.body());
            TckBrowser.Response posted = alice.postForm(providerUrl, "username=alice");
            assertEquals(302, posted.status());
            URI callback = URI.create(posted.location());
            assertEquals("/auth/callback", callback.getPath());
            TckBrowser.Response back = alice.get(callback.getRawPath() + "?" + callback.getRawQuery());
            assertEquals(302, back.status(), back.body());
            assertEquals("/", back.location());

            TckBrowser.Response welcome = alice.get("/");
            assertTrue(welcome.body().contains("Welcome Alice Admin"), welcome.body());
            assertTrue(welcome.body().contains("Logout"));
            assertTrue(welcome.header("Cache-Control").contains("no-store"));
            TckBrowser.Response profile = alice.get("/profile");
            assertEquals(200, profile.status());
            assertTrue(profile.body().contains("alice@example.com"), profile.body());
            assertEquals(200, alice.get("/admin").status());
            TckBrowser.Response me = alice.get("/api/me");
            assertEquals(200, me.status());
            assertTrue(me.header("Content-Type").startsWith("application/json"));
            assertEquals("{\"sub\":\"alice\",\"name\":\"Alice Admin\",\"email\":\"alice@example.com\",\"roles\":[\"admin\"]}", me.body());

            TckBrowser.Response logout = alice.get("/auth/logout");
            assertEquals(302, logout.status());
            assertTrue(logout.location().startsWith("http://localhost:"), logout.location());
            assertTrue(alice.get("/").body().contains("Please log in"));
            assertEquals(401, alice.get("/api/me").status());
            assertEquals(302, alice.get("/profile").status());

            TckBrowser bob = new TckBrowser(base);
            assertEquals(302, bob.loginThroughForm("/auth/login", "username=bob").status());
            assertTrue(bob.get("/").body().contains("Welcome Bob Builder"));
            TckBrowser.Response denied = bob.get("/admin");
            assertEquals(403, denied.status());
            assertTrue(denied.body().contains("Access denied"), denied.body());
        }
    }

    @Test
    @DisplayName("with the provider unreachable: starts, home 200, login 503; once the provider is up, login works without a restart")
    void providerDownAtStart() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        int providerPort = AdapterCompatibilityKit.freePort();
        try (VertxExampleApp app = VertxExampleApp.start(Map.of(
                "PORT", String.valueOf(port),
                "HOST", "127.0.0.1",
                "OIDC_AUTHORITY", "http://localhost:" + providerPort + "/default",
                "OIDC_CLIENT_ID", "demo",
                "OIDC_CLIENT_SECRET", "demo-secret",
                "OIDC_REDIRECT_URI", "http://localhost:" + port + "/auth/callback",
                "OIDC_RETRY_BACKOFF", "0s"))) {
            TckBrowser b = new TckBrowser(URI.create("http://localhost:" + port + "/"));
            assertEquals(200, b.get("/").status());
            assertEquals(503, b.get("/auth/login").status());
            try (DevProvider provider = DevProvider.start(providerPort)) {
                assertEquals(302, b.loginThroughForm("/auth/login", "username=alice").status());
                assertTrue(b.get("/").body().contains("Welcome Alice Admin"));
            }
        }
    }

    @Test
    @DisplayName("a misconfiguration stops start-up with one line per setting")
    void misconfigured() {
        OidcConfigException e = assertThrows(OidcConfigException.class,
                () -> VertxExampleApp.start(Map.of("OIDC_AUTHORITY", "http://idp.example.com", "PORT", "0")));
        assertTrue(e.getMessage().contains("OIDC_AUTHORITY"), e.getMessage());
        assertTrue(e.getMessage().contains("OIDC_CLIENT_ID"), e.getMessage());
    }

    @Test
    @DisplayName("Vert.x refuses a 1 MB query, a 100 KB state and 10,000 parameters with a bare 4xx: no body, no server name or version")
    void oversizedCallbacks() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        try (VertxExampleApp app = VertxExampleApp.start(Map.of("PORT", String.valueOf(port)))) {
            ExampleChecks.assertServerRefusesOversizedCallbacks(port);
            for (String target : List.of(ExampleChecks.megabyteQuery(), ExampleChecks.hugeState(),
                    ExampleChecks.tenThousandParameters())) {
                ExampleChecks.RawResponse r = ExampleChecks.rawGet(port, target);
                assertEquals(414, r.status(), r.toString());
                assertEquals("", r.body(), r.toString());
            }
            ExampleChecks.assertLongestCallbackReachesCore(port);
        }
    }

    @Test
    @DisplayName("an unknown path gets the core's 404 page with its headers, as in every example")
    void notFound() throws Exception {
        ExampleChecks.assertNotFoundPages(VertxExampleApp::start);
    }

    @Test
    @DisplayName("main with a taken port, PORT=abc or PORT=70000: one line naming PORT on stderr, exit code 2, no stack trace")
    void mainWithBadPort() throws Exception {
        ExampleChecks.assertMainRefusesBadPort(VertxExampleApp.class);
    }

    @Test
    @DisplayName("start with a taken port or PORT=abc throws the PORT line and leaves nothing running")
    void startWithBadPort() throws Exception {
        ExampleChecks.assertStartRefusesBadPort(VertxExampleApp::start);
    }
}
