package io.oidckit.spring;

import io.oidckit.spring.securityapp.SecurityBootApplication;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Runs in its own surefire execution, the only one with Spring Security on the class path (see the pom). */
@DisplayName("With Spring Security present, the oidckit user is its Authentication")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringSecurityInteropTest {
    TestProvider provider;
    ConfigurableApplicationContext app;
    URI base;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        int port = AdapterCompatibilityKit.freePort();
        base = URI.create("http://127.0.0.1:" + port + "/");
        app = SpringBootCompatibilityTest.startBoot(SecurityBootApplication.class,
                SpringBootCompatibilityTest.properties(AdapterCompatibilityKit.config(provider, port).build(), port));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) app.close();
        if (provider != null) provider.close();
    }

    TckBrowser signedInAs(String user) {
        provider.loginAs(user);
        TckBrowser b = new TckBrowser(base);
        assertEquals(302, b.login("/auth/login").status());
        return b;
    }

    @Test
    @DisplayName("@PreAuthorize(\"hasRole('admin')\") lets alice in, with her roles as ROLE_ authorities")
    void preAuthorizeAlice() {
        TckBrowser.Response r = signedInAs("alice").get("/security/preauthorize");
        assertEquals(200, r.status());
        assertEquals("alice [ROLE_admin]", r.body());
    }

    @Test
    @DisplayName("@PreAuthorize refuses bob, and an anonymous caller")
    void preAuthorizeOthers() {
        assertEquals(403, signedInAs("bob").get("/security/preauthorize").status());
        assertNotEquals(200, new TckBrowser(base).get("/security/preauthorize").status());
    }

    @Test
    @DisplayName("Spring Security's own URL rules see the user too")
    void urlRule() {
        assertEquals(200, signedInAs("alice").get("/security/url-admin").status());
        assertEquals(403, signedInAs("bob").get("/security/url-admin").status());
    }

    @Test
    @DisplayName("@AuthenticationPrincipal and the OidcUser argument are the oidckit user")
    void principal() {
        TckBrowser alice = signedInAs("alice");
        assertEquals("principal alice", alice.get("/security/principal").body());
        assertEquals("argument alice", alice.get("/security/argument").body());
        assertEquals("anonymous", new TckBrowser(base).get("/security/principal").body());
    }

    @Test
    @DisplayName("a bearer token's user is the Authentication too, for that request only: @PreAuthorize, no session")
    void bearer() {
        String alice = provider.accessToken(provider.accessTokenClaims("alice", "orders.read").build());
        TckBrowser.Response r = new TckBrowser(base).get("/api/security/preauthorize", "Authorization", "Bearer " + alice);
        assertEquals(200, r.status(), r.body());
        assertEquals("alice [ROLE_admin]", r.body());
        assertEquals(java.util.List.of(), r.setCookies());
        String bob = provider.accessToken(provider.accessTokenClaims("bob", null).build());
        assertEquals(403, new TckBrowser(base).get("/api/security/preauthorize", "Authorization", "Bearer " + bob).status());
    }

    @Test
    @DisplayName("Spring Security does not get in the way of the auth routes (logout by POST needs no CSRF token)")
    void logoutByPost() {
        TckBrowser alice = signedInAs("alice");
        assertEquals(302, alice.post("/auth/logout").status());
        assertEquals(401, alice.get("/api/me", "Accept", "application/json").status());
    }
}
