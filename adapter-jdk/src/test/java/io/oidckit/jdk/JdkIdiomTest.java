package io.oidckit.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.RelyingParty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The JDK HttpServer way")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkIdiomTest {
    TestProvider provider;
    TckApp app;
    int port;
    /** The {@code hold} route's handshake: it has read the user once, and may read it again. */
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        port = AdapterCompatibilityKit.freePort();
        app = JdkTckApp.start(JdkOidc.create(cookieConfig(port)), port, exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/whoami")) JdkTckApp.send(exchange, 200, "text/plain", whoami(exchange));
            else if (path.equals("/hold")) JdkTckApp.send(exchange, 200, "text/plain", hold(exchange));
            else JdkTckApp.send(exchange, 404, "text/plain", "not found");
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (app != null) app.close();
        } finally {
            if (provider != null) provider.close();
        }
    }

    OidcConfig cookieConfig(int port) {
        return AdapterCompatibilityKit.config(provider, port).sessionMode(OidcConfig.SessionMode.COOKIE)
                .sessionSecret(AdapterCompatibilityKit.SESSION_SECRET).build();
    }

    static String whoami(HttpExchange exchange) {
        HttpPrincipal p = exchange.getPrincipal();
        OidcUser attribute = (OidcUser) exchange.getAttribute(JdkOidc.USER_ATTRIBUTE);
        return "principal=" + (p == null ? null : p.getUsername() + "@" + p.getRealm())
                + " attribute=" + (attribute == null ? null : attribute.subject())
                + " user=" + JdkOidc.user(exchange).map(OidcUser::subject).orElse(null);
    }

    /** Reads the user, waits (bounded) while the test sends another request, and reads it again. */
    String hold(HttpExchange exchange) throws IOException {
        String before = whoami(exchange);
        entered.countDown();
        try {
            if (!release.await(5, TimeUnit.SECONDS)) return "never released";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return before + " | " + whoami(exchange);
    }

    TckBrowser browser() {
        return new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
    }

    TckBrowser signedIn(String sub) {
        provider.loginAs(sub);
        TckBrowser b = browser();
        assertEquals(302, b.login("/auth/login").status());
        return b;
    }

    @Test
    @DisplayName("framework session mode is refused at construction with one line naming OIDC_SESSION_MODE")
    void frameworkModeRefused() {
        OidcConfig framework = AdapterCompatibilityKit.config(provider, port).build();
        String expected = "OIDC102 OIDC_SESSION_MODE must be cookie for the JDK HttpServer adapter (it has no sessions):"
                + " set OIDC_SESSION_MODE=cookie and OIDC_SESSION_SECRET (see docs/errors.md#oidc102)";
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> JdkOidc.create(framework)).getMessage());
        RelyingParty rp = RelyingParty.create(framework);
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> JdkOidc.create(rp)).getMessage());
    }

    @Test
    @DisplayName("the signed-in user is the exchange's principal (sub in the issuer's realm), its attribute and JdkOidc.user")
    void principalAndAttribute() {
        assertEquals("principal=null attribute=null user=null", browser().get("/whoami").body());
        assertEquals("principal=alice@" + provider.issuer() + " attribute=alice user=alice",
                signedIn("alice").get("/whoami").body());
    }

    @Test
    @DisplayName("one request's user never shows in another's, though the JDK shares exchange attributes per context")
    void userPerExchange() throws Exception {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        TckBrowser alice = signedIn("alice");
        CompletableFuture<TckBrowser.Response> held = CompletableFuture.supplyAsync(() -> alice.get("/hold"));
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the hold route never ran");
        assertEquals("principal=null attribute=null user=null", browser().get("/whoami").body());
        release.countDown();
        String both = held.get(10, TimeUnit.SECONDS).body();
        String once = "principal=alice@" + provider.issuer() + " attribute=alice user=alice";
        assertEquals(once + " | " + once, both);
    }

    @Test
    @DisplayName("HEAD on the auth routes is answered without a body, never a broken connection")
    void head() {
        assertEquals(302, browser().send("HEAD", URI.create("http://127.0.0.1:" + port + "/auth/login")).status());
        TckBrowser.Response logout = browser().send("HEAD", URI.create("http://127.0.0.1:" + port + "/auth/logout"));
        assertEquals(400, logout.status());
        assertEquals("", logout.body());
    }

    @Test
    @DisplayName("a failure inside the adapter is the core's 502 page, with no trace of it for the client")
    void ownFailure() throws Exception {
        int other = AdapterCompatibilityKit.freePort();
        RelyingParty real = RelyingParty.create(cookieConfig(other));
        RelyingParty failing = (RelyingParty) Proxy.newProxyInstance(RelyingParty.class.getClassLoader(),
                new Class<?>[] {RelyingParty.class}, (proxy, method, args) -> {
                    if (method.getName().equals("handle")) throw new IllegalStateException("boom at io.oidckit.jdk");
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        TckApp broken = JdkTckApp.start(JdkOidc.create(failing), "/", other);
        try {
            TckBrowser.Response r = new TckBrowser(URI.create("http://127.0.0.1:" + other + "/")).get("/");
            assertEquals(502, r.status(), r.body());
            assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertFalse(r.body().contains("boom") || r.body().contains("Exception") || r.body().contains("at io."), r.body());
        } finally {
            broken.close();
        }
    }
}
