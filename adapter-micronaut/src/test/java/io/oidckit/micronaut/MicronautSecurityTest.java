package io.oidckit.micronaut;

import io.oidckit.tck.AdapterCompatibilityKit;
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

@DisplayName("With Micronaut Security, the oidckit user is its Authentication")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautSecurityTest {
    TestProvider provider;
    MicronautTestApp app;
    int port;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        port = AdapterCompatibilityKit.freePort();
        // No oidckit rules: @Secured alone protects the routes.
        app = MicronautTestApp.start("security", AdapterCompatibilityKit.config(provider, port).build()
                        .withAccessRules(java.util.List.of()), port, Map.of("micronaut.security.enabled", true));
    }

    @AfterAll
    void stop() {
        app.close();
        provider.close();
    }

    TckBrowser signedInAs(String user) {
        provider.loginAs(user);
        TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
        assertEquals(302, b.login("/auth/login").status(), "the auth routes work under Micronaut Security");
        return b;
    }

    @Test
    @DisplayName("an Authentication parameter carries the sub, the roles and the profile claims")
    void authentication() {
        TckBrowser.Response r = signedInAs("alice").get("/sec/me");
        assertEquals(200, r.status(), r.body());
        assertEquals("alice [admin] alice@example.com", r.body());
    }

    @Test
    @DisplayName("@Secured(\"admin\") lets alice in and refuses bob with 403")
    void roles() {
        assertEquals("admin alice", signedInAs("alice").get("/sec/admin").body());
        assertEquals(403, signedInAs("bob").get("/sec/admin").status());
    }

    @Test
    @DisplayName("an anonymous request is refused by Micronaut Security where @Secured wants a login")
    void anonymous() {
        TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
        assertEquals(401, b.get("/sec/me").status());
        assertEquals("open", b.get("/sec/open").body());
        assertTrue(b.cookies().isEmpty());
    }
}
