package io.oidckit.examples.micronaut;

import io.oidckit.OidcConfigException;
import io.oidckit.devprovider.DevProvider;
import io.oidckit.examples.ExampleChecks;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Micronaut example app")
// An app or provider in try-with-resources often only has to run while the body talks to it over HTTP.
@SuppressWarnings("try")
class MicronautExampleAppTest {

    @Test
    @DisplayName("with OIDC_AUTHORITY unset: alice logs in at the development provider, sees admin, logs out; bob is denied")
    void fullFlow() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        try (MicronautExampleApp app = MicronautExampleApp.start(Map.of("PORT", String.valueOf(port)))) {
            assertEquals(port, app.port());
            URI base = URI.create("http://localhost:" + port + "/");
            TckBrowser alice = new TckBrowser(base);
            TckBrowser.Response home = alice.get("/");
            assertEquals(200, home.status());
            assertTrue(home.body().contains("Please log in"), home.body());
            assertTrue(home.body().contains("Sign in with OIDC"));
            assertTrue(home.setCookies().isEmpty(), "no session for an anonymous visitor");

            // Step by step, as a browser does it: login -> provider's form -> POST the user -> callback.
            URI providerUrl = alice.startLogin("/auth/login", null);
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
            TckBrowser.Response profile = alice.get("/profile");
            assertEquals(200, profile.status());
            assertTrue(profile.body().contains("alice@example.com"), profile.body());
            assertEquals(200, alice.get("/admin").status());
            TckBrowser.Response me = alice.get("/api/me");
            assertEquals(200, me.status());
            assertTrue(me.header("Content-Type").startsWith("application/json"), me.header("Content-Type"));
            assertEquals("{\"sub\":\"alice\",\"name\":\"Alice Admin\",\"email\":\"alice@example.com\",\"roles\":[\"admin\"]}", me.body());

            TckBrowser.Response logout = alice.get("/auth/logout");
            assertEquals(302, logout.status());
            assertTrue(logout.location().startsWith("http://localhost:"), logout.location());
            assertTrue(alice.get("/").body().contains("Please log in"));
            assertEquals(401, alice.get("/api/me").status());

            TckBrowser bob = new TckBrowser(base);
            assertEquals(302, bob.loginThroughForm("/auth/login", "username=bob").status());
            assertTrue(bob.get("/").body().contains("Welcome Bob Builder"));
            TckBrowser.Response denied = bob.get("/admin");
            assertEquals(403, denied.status());
            assertTrue(denied.body().contains("Access denied"), denied.body());
        }
    }

    @Test
    @DisplayName("under URL_BASE_PATHNAME every route moves below it")
    void basePath() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        try (MicronautExampleApp app = MicronautExampleApp.start(Map.of("PORT", String.valueOf(port),
                "URL_BASE_PATHNAME", "/demo/"))) {
            assertEquals(port, app.port());
            TckBrowser b = new TckBrowser(URI.create("http://localhost:" + port + "/"));
            TckBrowser.Response home = b.get("/demo/");
            assertEquals(200, home.status());
            assertTrue(home.body().contains("href=\"/demo/auth/login\""), home.body());
            assertEquals("/demo/auth/login?return_to=%2Fdemo%2Fprofile", b.get("/demo/profile").location());
            assertEquals(302, b.loginThroughForm("/demo/auth/login", "username=alice").status());
            assertTrue(b.get("/demo/profile").body().contains("alice@example.com"));
        }
    }

    @Test
    @DisplayName("with the provider unreachable: starts, home 200, login 503; once the provider is up, login works without a restart")
    void providerDownAtStart() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        int providerPort = AdapterCompatibilityKit.freePort();
        try (MicronautExampleApp app = MicronautExampleApp.start(Map.of(
                "PORT", String.valueOf(port),
                "OIDC_AUTHORITY", "http://localhost:" + providerPort + "/default",
                "OIDC_CLIENT_ID", "demo", "OIDC_CLIENT_SECRET", "demo-secret",
                "OIDC_REDIRECT_URI", "http://localhost:" + port + "/auth/callback",
                "OIDC_RETRY_BACKOFF", "0s"))) {
            assertEquals(port, app.port());
            TckBrowser b = new TckBrowser(URI.create("http://localhost:" + port + "/"));
            assertEquals(200, b.get("/").status());
            assertEquals(503, b.get("/auth/login").status());
            try (DevProvider provider = DevProvider.start(providerPort)) {
                assertEquals(providerPort, provider.port());
                assertEquals(302, b.loginThroughForm("/auth/login", "username=alice").status());
                assertTrue(b.get("/").body().contains("Welcome Alice Admin"));
            }
        }
    }

    @Test
    @DisplayName("a misconfiguration stops start-up with one line per setting")
    void misconfigured() {
        OidcConfigException e = assertThrows(OidcConfigException.class,
                () -> MicronautExampleApp.start(Map.of("OIDC_AUTHORITY", "http://idp.example.com", "PORT", "0")));
        assertTrue(e.getMessage().contains("OIDC103 OIDC_AUTHORITY must use https://"), e.getMessage());
        assertTrue(e.getMessage().contains("OIDC101 OIDC_CLIENT_ID is required"), e.getMessage());
    }

    @Test
    @DisplayName("Netty under Micronaut refuses a 1 MB query, a 100 KB state and 10,000 parameters with a bare 4xx: no JSON error format, no server name or version")
    void oversizedCallbacks() throws Exception {
        int port = AdapterCompatibilityKit.freePort();
        try (MicronautExampleApp app = MicronautExampleApp.start(Map.of("PORT", String.valueOf(port)))) {
            ExampleChecks.assertServerRefusesOversizedCallbacks(port);
            // A header over the limit gets the bare status too.
            TckBrowser.Response bigHeader = new TckBrowser(URI.create("http://localhost:" + port + "/"))
                    .get("/", "X-Filler", "h".repeat(16 * 1024));
            assertTrue(bigHeader.status() == 413 || bigHeader.status() == 431 || bigHeader.status() == 400, bigHeader.toString());
            assertEquals("", bigHeader.body());
            ExampleChecks.assertLongestCallbackReachesCore(port);
        }
    }

    @Test
    @DisplayName("an unknown path gets the core's 404 page with its headers, as in every example")
    void notFound() throws Exception {
        ExampleChecks.assertNotFoundPages(MicronautExampleApp::start);
    }

    @Test
    @DisplayName("main with a taken port, PORT=abc or PORT=70000: one line naming PORT on stderr, exit code 2, no stack trace")
    void mainWithBadPort() throws Exception {
        ExampleChecks.assertMainRefusesBadPort(MicronautExampleApp.class);
    }

    @Test
    @DisplayName("start with a taken port or PORT=abc throws the PORT line and leaves nothing running")
    void startWithBadPort() throws Exception {
        ExampleChecks.assertStartRefusesBadPort(MicronautExampleApp::start);
    }
}
