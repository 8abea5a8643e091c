package io.oidckit.tck;

import io.oidckit.OidcConfig;
import io.oidckit.testprovider.TestProvider;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kit's cases work with: the provider, browsers on the app under test, and paths below the app's base
 * path {@code B}. Every topic interface ({@link HomeCases}, {@link LoginCases}, …) extends it, and
 * {@link AdapterCompatibilityKit} implements it; adapters extend that class and never implement this themselves.
 *
 * <p>Cases never write a path literally: {@code path("auth/login")} is {@code B auth/login}, so the same case
 * checks an app at {@code /} and one under {@code /app/}.
 */
public interface KitContext {

    /** The in-process provider, {@linkplain TestProvider#reset() reset} before every case. */
    TestProvider provider();

    /** Whether the app under test keeps its sessions in sealed cookies ({@code OIDC_SESSION_MODE=cookie}). */
    boolean cookieSessions();

    /** A new browser on the app under test, with an empty cookie jar. */
    TckBrowser browser();

    /** A new browser that has logged in as {@code sub} through the whole flow (login, provider, callback). */
    TckBrowser signedInAs(String sub);

    /**
     * {@code B relative}: the absolute path of a route below the base path, for example {@code path("profile")} is
     * {@code /app/profile} under the base path {@code /app/}; {@code path("")} is the base path itself.
     */
    String path(String relative);

    /** The absolute URL of {@code B relative} on the app under test, {@code http://127.0.0.1:PORT/app/profile}. */
    String url(String relative);

    /**
     * Starts one more app of the adapter under test, on another port, with the kit's configuration (the same base
     * path) edited by {@code edit}. For cases that need a differently configured app; close it with
     * try-with-resources.
     */
    App startApp(UnaryOperator<OidcConfig.Builder> edit) throws Exception;

    /** An app started by {@link #startApp}: a browser on it, and {@link #close()} to stop it. */
    final class App implements AutoCloseable {
        private final TckApp running;
        private final URI origin;

        App(TckApp running, URI origin) {
            this.running = running;
            this.origin = origin;
        }

        /** A new browser on this app; its routes are at the same {@link KitContext#path paths}. */
        public TckBrowser browser() {
            return new TckBrowser(origin);
        }

        @Override
        public void close() throws Exception {
            running.close();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The decoded query parameters of {@code uri} (first value of each). */
    default Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        if (uri.getRawQuery() == null) return m;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) m.putIfAbsent(pair, "");
            else m.putIfAbsent(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** A {@code Location} on the app as a path and query: an absolute URL on the app loses its origin. */
    default String local(String location) {
        assertNotNull(location, "no Location");
        String origin = url("");
        origin = origin.substring(0, origin.length() - path("").length());
        return location.startsWith(origin + "/") ? location.substring(origin.length()) : location;
    }

    /** The answer carries {@code Cache-Control: no-store}. */
    default void assertNoStore(TckBrowser.Response r) {
        String cc = r.header("Cache-Control");
        assertNotNull(cc, "Cache-Control missing");
        assertTrue(cc.contains("no-store"), "Cache-Control: " + cc);
    }

    /** One of the core's fixed error pages: the status, the security headers, HTML, no stack trace. */
    default void assertErrorPage(TckBrowser.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertNoStore(r);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'"), "CSP: " + csp);
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertFalse(r.body().contains("Exception"), "no stack trace");
        assertFalse(r.body().contains("at io."), "no stack trace");
    }

    /** {@code b} has no signed-in session: {@code B api/me} answers 401. */
    default void assertAnonymous(TckBrowser b) {
        TckBrowser.Response me = b.get(path("api/me"), "Accept", "application/json");
        assertEquals(401, me.status(), "expected no session, got: " + me.body());
    }
}
