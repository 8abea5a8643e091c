package io.oidckit.vertx;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.AuthorizationHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The user the Vert.x way")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxRolesTest {
    private TestProvider provider;
    private TckApp app;
    private TckApp shortSessions;
    private URI base;
    private URI shortBase;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        int port = AdapterCompatibilityKit.freePort();
        VertxOidc oidc = VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, port).build());
        app = VertxTckApp.start(oidc, null, port, router -> {
            Handler<RoutingContext> ok = ctx -> VertxTckApp.html(ctx, "ok");
            // Typed as an authentication step, which Vert.x Web allows before an AuthorizationHandler on a route.
            AuthenticationHandler dropAuthorizations = ctx -> {
                ctx.user().authorizations().clear();
                ctx.next();
            };
            router.get("/role/admin").handler(oidc.requireRole("admin")).handler(ok);
            router.get("/role/any").handler(oidc.authenticated()).handler(ok);
            router.get("/vertx/admin").handler(oidc.authenticated())
                    .handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin"))).handler(ok);
            router.get("/vertx/dropped").handler(oidc.authenticated()).handler(dropAuthorizations)
                    .handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin"))).handler(ok);
            router.get("/vertx/restored").handler(oidc.authenticated()).handler(dropAuthorizations)
                    .handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin"))
                            .addAuthorizationProvider(oidc.authorizationProvider())).handler(ok);
            router.get("/whoami").handler(VertxRolesTest::whoami);
            // Below api/**, which the kit's rules open to bearer tokens.
            router.get("/api/whoami").handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin")))
                    .handler(VertxRolesTest::whoami);
        });
        base = URI.create("http://127.0.0.1:" + port + "/");

        int shortPort = AdapterCompatibilityKit.freePort();
        shortSessions = VertxTckApp.start(VertxOidc.create(TestVertx.shared(), AdapterCompatibilityKit.config(provider, shortPort)
                .sessionMaxAge(Duration.ofSeconds(1)).build()), null, shortPort, router -> router.get("/whoami").handler(VertxRolesTest::whoami));
        shortBase = URI.create("http://127.0.0.1:" + shortPort + "/");
    }

    /** What a Vert.x handler sees of the user: ctx.user() and its authorizations, next to the core's OidcUser. */
    private static void whoami(RoutingContext ctx) {
        User u = ctx.user();
        JsonObject j = new JsonObject()
                .put("vertx", u == null ? null : u.subject())
                .put("principal", u == null ? null : u.principal())
                .put("expired", u != null && u.expired())
                .put("admin", u != null && RoleBasedAuthorization.create("admin").match(u))
                .put("oidc", VertxOidc.user(ctx).map(o -> o.subject()).orElse(null));
        ctx.response().putHeader("Content-Type", "application/json").end(j.encode());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        shortSessions.close();
        provider.close();
        BlockedThreadWatch.assertNone();
    }

    @BeforeEach
    void reset() {
        provider.reset();
    }

    private TckBrowser as(String user, URI where) {
        provider.loginAs(user);
        TckBrowser b = new TckBrowser(where);
        assertEquals(302, b.login("/auth/login").status());
        return b;
    }

    private static JsonObject who(TckBrowser b) {
        TckBrowser.Response r = b.get("/whoami");
        assertEquals(200, r.status(), r.body());
        return new JsonObject(r.body());
    }

    @Nested
    @DisplayName("route helpers answer like the configured rules")
    class Helpers {
        @Test
        @DisplayName("requireRole lets alice in, shows bob the 403 page, and sends the anonymous into the login flow")
        void requireRole() {
            assertEquals("ok", as("alice", base).get("/role/admin").body());
            TckBrowser.Response denied = as("bob", base).get("/role/admin");
            assertEquals(403, denied.status());
            assertTrue(denied.body().contains("Access denied"), denied.body());
            assertTrue(denied.header("Cache-Control").contains("no-store"));
            TckBrowser.Response anonymous = new TckBrowser(base).get("/role/admin");
            assertEquals(302, anonymous.status());
            assertEquals("/auth/login?return_to=%2Frole%2Fadmin", anonymous.location());
            TckBrowser.Response json = new TckBrowser(base).get("/role/admin", "Accept", "application/json");
            assertEquals(401, json.status());
            assertEquals("{\"error\":\"unauthorized\"}", json.body());
            assertEquals("{\"error\":\"forbidden\"}", as("bob", base).get("/role/admin", "Accept", "application/json").body());
        }

        @Test
        @DisplayName("authenticated lets any signed-in user in")
        void authenticated() {
            assertEquals("ok", as("bob", base).get("/role/any").body());
            assertEquals(302, new TckBrowser(base).get("/role/any").status());
        }
    }

    @Nested
    @DisplayName("Vert.x authorization")
    class VertxAuthorization {
        @Test
        @DisplayName("AuthorizationHandler with RoleBasedAuthorization lets alice in and refuses bob with 403")
        void authorizationHandler() {
            assertEquals(200, as("alice", base).get("/vertx/admin").status());
            assertEquals(403, as("bob", base).get("/vertx/admin").status());
            assertEquals(302, new TckBrowser(base).get("/vertx/admin").status(), "anonymous: into the login flow first");
        }

        @Test
        @DisplayName("the authorization provider restores roles a user has lost; without it the user is refused")
        void provider() {
            assertEquals(403, as("alice", base).get("/vertx/dropped").status());
            assertEquals(200, as("alice", base).get("/vertx/restored").status());
        }

        @Test
        @DisplayName("the provider leaves users of other authentication handlers alone")
        void foreignUser() {
            User stranger = User.create(new JsonObject().put("sub", "x").put("roles", List.of("admin")));
            VertxUsers.PROVIDER.getAuthorizations(stranger);
            assertFalse(stranger.authorizations().contains(VertxUsers.PROVIDER_ID));
            assertFalse(RoleBasedAuthorization.create("admin").match(stranger));
        }
    }

    @Nested
    @DisplayName("the routing context user")
    class ContextUser {
        @Test
        @DisplayName("is the signed-in user with its claims and roles, and the same one the core knows")
        void signedIn() {
            JsonObject w = who(as("alice", base));
            assertEquals("alice", w.getString("vertx"));
            assertEquals("alice", w.getString("oidc"));
            assertEquals("Alice Admin", w.getJsonObject("principal").getString("name"));
            assertEquals(List.of("admin"), w.getJsonObject("principal").getJsonArray("roles").getList());
            assertTrue(w.getBoolean("admin"));
            assertFalse(w.getBoolean("expired"));
            JsonObject bob = who(as("bob", base));
            assertEquals("bob", bob.getString("vertx"));
            assertFalse(bob.getBoolean("admin"));
        }

        @Test
        @DisplayName("is the bearer token's user for that request only, roles included, with no session and no cookie")
        void bearer() {
            String alice = provider.accessToken(provider.accessTokenClaims("alice", "orders.read").build());
            TckBrowser.Response r = new TckBrowser(base).get("/api/whoami", "Authorization", "Bearer " + alice);
            assertEquals(200, r.status(), r.body());
            JsonObject w = new JsonObject(r.body());
            assertEquals("alice", w.getString("vertx"));
            assertEquals("alice", w.getString("oidc"));
            assertTrue(w.getBoolean("admin"));
            assertEquals(List.of(), r.setCookies(), "a bearer request gets no session cookie");
            String bob = provider.accessToken(provider.accessTokenClaims("bob", null).build());
            assertEquals(403, new TckBrowser(base).get("/api/whoami", "Authorization", "Bearer " + bob).status());
        }

        @Test
        @DisplayName("is absent for anonymous requests and after logout")
        void absent() {
            JsonObject anonymous = who(new TckBrowser(base));
            assertTrue(anonymous.getValue("vertx") == null && anonymous.getValue("oidc") == null, anonymous.encode());
            TckBrowser alice = as("alice", base);
            assertEquals(302, alice.get("/auth/logout").status());
            JsonObject after = who(alice);
            assertTrue(after.getValue("vertx") == null && after.getValue("oidc") == null, after.encode());
        }

        @Test
        @DisplayName("is taken back when the local session ends, although Vert.x keeps a copy in the session")
        void sessionEnds() throws Exception {
            TckBrowser alice = as("alice", shortBase);
            assertEquals("alice", who(alice).getString("vertx"));
            Thread.sleep(2100); // OIDC_SESSION_MAX_AGE=1s, counted in whole seconds
            for (int i = 0; i < 2; i++) {
                JsonObject w = who(alice);
                assertTrue(w.getValue("vertx") == null && w.getValue("oidc") == null, "request " + i + ": " + w.encode());
            }
        }
    }
}
