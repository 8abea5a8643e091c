package io.oidckit.spring;

import io.oidckit.OidcUser;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Spring way, in a plain Spring MVC app configured by oidckit.* properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringIdiomTest {

    @RestController
    static class IdiomController {
        @GetMapping("/annotated/admin")
        @OidcRequireRole("admin")
        String admin(OidcUser user) {
            return "admin area for " + user.subject();
        }

        @GetMapping("/needs-user")
        String needsUser(OidcUser user) {
            return "hello " + user.subject();
        }

        @GetMapping("/optional")
        String optional(Optional<OidcUser> user) {
            return user.map(OidcUser::subject).orElse("anonymous");
        }

        @GetMapping("/nullable")
        String nullable(@Nullable OidcUser user) {
            return user == null ? "anonymous" : user.subject();
        }

        @GetMapping("/whoami")
        String whoami(Principal principal, HttpServletRequest request) {
            return "principal=" + principal.getName() + " admin=" + request.isUserInRole("admin")
                    + " auth=" + request.getAuthType();
        }

        @GetMapping("/rule/page")
        String ruled() {
            return "ruled";
        }
    }

    /** Every handler of this controller is an API that needs a login. */
    @RestController
    @OidcAuthenticated(api = true)
    static class ApiController {
        @GetMapping("/annotated/api/me")
        String me(OidcUser user) {
            return user.toJson();
        }

        @GetMapping("/annotated/api/admin")
        @OidcRequireRole(value = "admin", api = true)
        String admin(OidcUser user) {
            return "{\"admin\":true}";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableOidcKit
    @Import({IdiomController.class, ApiController.class})
    static class MvcConfig {
    }

    TestProvider provider;
    TckApp app;
    URI base;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        int port = AdapterCompatibilityKit.freePort();
        base = URI.create("http://127.0.0.1:" + port + "/");
        Map<String, Object> properties = Map.of(
                "oidckit.authority", provider.issuer(),
                "oidckit.client-id", TestProvider.CLIENT_ID,
                "oidckit.client-secret", TestProvider.CLIENT_SECRET,
                "oidckit.redirect-uri", base.resolve("/auth/callback").toString(),
                "oidckit.http-timeout", "3s",
                "oidckit.protect[0].pattern", "rule/**",
                "oidckit.protect[0].roles", "admin");
        app = PlainMvcApp.start(port, spring -> {
            spring.register(MvcConfig.class);
            spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) app.close();
        if (provider != null) provider.close();
    }

    TckBrowser anonymous() {
        return new TckBrowser(base);
    }

    TckBrowser signedInAs(String user) {
        provider.loginAs(user);
        TckBrowser b = new TckBrowser(base);
        assertEquals(302, b.login("/auth/login").status());
        return b;
    }

    @Nested
    @DisplayName("@OidcRequireRole on a handler method")
    class RequireRole {
        @Test
        @DisplayName("lets alice (role admin) in")
        void alice() {
            TckBrowser.Response r = signedInAs("alice").get("/annotated/admin");
            assertEquals(200, r.status());
            assertEquals("admin area for alice", r.body());
            assertTrue(r.header("Cache-Control").contains("no-store"), "a protected answer is not cached");
        }

        @Test
        @DisplayName("shows bob the core's 403 Access denied page")
        void bob() {
            TckBrowser.Response r = signedInAs("bob").get("/annotated/admin");
            assertEquals(403, r.status());
            assertTrue(r.body().contains("Access denied"), r.body());
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
        }

        @Test
        @DisplayName("sends an anonymous browser into the login flow, returning here")
        void anonymousBrowser() {
            TckBrowser.Response r = anonymous().get("/annotated/admin");
            assertEquals(302, r.status());
            assertTrue(r.location().endsWith("/auth/login?return_to=%2Fannotated%2Fadmin"), r.location());
        }
    }

    @Nested
    @DisplayName("@OidcAuthenticated(api = true) on a controller")
    class ApiOnClass {
        @Test
        @DisplayName("answers 401 JSON to an anonymous caller even when it asks for HTML")
        void anonymousApi() {
            TckBrowser.Response r = anonymous().get("/annotated/api/me", "Accept", "text/html");
            assertEquals(401, r.status());
            assertEquals("{\"error\":\"unauthorized\"}", r.body());
        }

        @Test
        @DisplayName("serves the signed-in user; a method annotation takes the place of the class's")
        void signedIn() {
            TckBrowser bob = signedInAs("bob");
            assertEquals(200, bob.get("/annotated/api/me").status());
            TckBrowser.Response r = bob.get("/annotated/api/admin", "Accept", "text/html");
            assertEquals(403, r.status());
            assertEquals("{\"error\":\"forbidden\"}", r.body());
        }
    }

    @Nested
    @DisplayName("the OidcUser controller argument")
    class Argument {
        @Test
        @DisplayName("is the signed-in user")
        void signedIn() {
            TckBrowser alice = signedInAs("alice");
            assertEquals("hello alice", alice.get("/needs-user").body());
            assertEquals("alice", alice.get("/optional").body());
            assertEquals("alice", alice.get("/nullable").body());
        }

        @Test
        @DisplayName("as Optional or @Nullable is empty for an anonymous request, which starts no session")
        void optional() {
            TckBrowser b = anonymous();
            TckBrowser.Response r = b.get("/optional");
            assertEquals("anonymous", r.body());
            assertTrue(r.setCookies().isEmpty(), r.setCookies().toString());
            assertEquals("anonymous", b.get("/nullable").body());
        }

        @Test
        @DisplayName("as a plain parameter makes the handler require a login")
        void required() {
            TckBrowser.Response r = anonymous().get("/needs-user");
            assertEquals(302, r.status());
            assertTrue(r.location().contains("/auth/login?return_to=%2Fneeds-user"), r.location());
            assertEquals(401, anonymous().get("/needs-user", "Accept", "application/json").status());
        }

        @Test
        @DisplayName("Principal and isUserInRole answer for the user too")
        void principal() {
            assertEquals("principal=alice admin=true auth=OIDC", signedInAs("alice").get("/whoami").body());
            assertTrue(signedInAs("bob").get("/whoami").body().contains("admin=false"));
        }
    }

    @Test
    @DisplayName("oidckit.protect[0] rules from the Environment protect routes without any annotation")
    void protectRule() {
        assertEquals(302, anonymous().get("/rule/page").status());
        assertEquals(403, signedInAs("bob").get("/rule/page").status());
        assertEquals("ruled", signedInAs("alice").get("/rule/page").body());
    }
}
