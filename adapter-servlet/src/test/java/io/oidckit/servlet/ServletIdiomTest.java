package io.oidckit.servlet;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The servlet way")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletIdiomTest {
    TestProvider provider;
    TckApp app;
    TckBrowser anonymous;
    int port;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        port = AdapterCompatibilityKit.freePort();
        // Configured like web.xml would: init-params named after the environment variables.
        app = TomcatApp.start(new ServletOidcFilter(), Map.of(
                "OIDC_AUTHORITY", provider.issuer(),
                "OIDC_CLIENT_ID", TestProvider.CLIENT_ID,
                "OIDC_CLIENT_SECRET", TestProvider.CLIENT_SECRET,
                "OIDC_REDIRECT_URI", "http://127.0.0.1:" + port + "/auth/callback",
                "OIDC_PROTECT", "whoami, admin/** role:admin"), port);
        anonymous = browser();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        provider.close();
    }

    TckBrowser browser() {
        return new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
    }

    @Test
    @DisplayName("init-params configure the filter, including protected routes")
    void initParams() {
        assertEquals(302, anonymous.get("/whoami").status());
    }

    @Test
    @DisplayName("getUserPrincipal, getRemoteUser, isUserInRole and getAuthType answer for the signed-in user")
    void securityApi() {
        provider.loginAs("alice");
        TckBrowser b = browser();
        assertEquals(302, b.login("/auth/login").status());
        String body = b.get("/whoami").body();
        assertEquals("principal=alice remote=alice admin=true auth=OIDC", body);
        provider.loginAs("bob");
        TckBrowser bob = browser();
        bob.login("/auth/login");
        assertTrue(bob.get("/whoami").body().contains("admin=false"));
    }
}
