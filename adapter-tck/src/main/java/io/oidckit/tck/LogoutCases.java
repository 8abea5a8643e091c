package io.oidckit.tck;

import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for logout, {@code GET} or {@code POST B auth/logout}: RP-initiated logout at the provider,
 * the cross-site refusal, and the plain return to {@code B} when the provider has no end-session endpoint.
 */
public interface LogoutCases extends KitContext {

    @Test
    @DisplayName("logout: ends the session and redirects to the provider's end_session_endpoint with the hint")
    default void logoutEndSession() {
        TckBrowser b = signedInAs("alice");
        Map<String, String> before = new HashMap<>(b.cookies());
        TckBrowser.Response r = b.get(path("auth/logout"));
        assertEquals(302, r.status());
        assertNoStore(r);
        URI uri = URI.create(r.location());
        assertEquals(provider().uri("/logout").getPath(), uri.getPath());
        Map<String, String> p = query(uri);
        assertNotNull(p.get("id_token_hint"));
        assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
        assertEquals(url(""), p.get("post_logout_redirect_uri"));
        assertAnonymous(b);
        if (!cookieSessions()) {
            // Framework mode: the server forgets the session, so a copy of the cookies is worthless too. Cookie mode
            // has no server-side state to revoke: a copy stays valid until its idle or maximum age (docs/replicas.md).
            TckBrowser old = browser();
            old.cookies().putAll(before);
            assertAnonymous(old);
        }
        assertTrue(b.get(path("")).body().contains("Please log in"));
    }

    @Test
    @DisplayName("logout: also works by POST")
    default void logoutByPost() {
        TckBrowser b = signedInAs("alice");
        assertEquals(302, b.post(path("auth/logout")).status());
        assertAnonymous(b);
    }

    @Test
    @DisplayName("logout: refuses a cross-site request with a page holding a logout button")
    default void logoutCrossSite() {
        TckBrowser b = signedInAs("alice");
        TckBrowser.Response r = b.get(path("auth/logout"), "Sec-Fetch-Site", "cross-site");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("<form method=\"post\" action=\"" + path("auth/logout") + "\">"), r.body());
        assertNoStore(r);
        assertEquals(200, b.get(path("api/me")).status(), "still signed in");
    }

    @Test
    @DisplayName("logout: with a provider without end_session_endpoint, redirects to the base path")
    default void logoutWithoutEndSessionEndpoint() throws Exception {
        // Without discovery and without OIDC_END_SESSION_ENDPOINT, the app knows no end-session endpoint.
        try (App other = startApp(c -> c.skipDiscovery(true)
                .authorizationEndpoint(provider().uri("/authorize").toString())
                .tokenEndpoint(provider().uri("/token").toString())
                .jwksUri(provider().uri("/jwks").toString()))) {
            provider().authorizationResponseIss(null);
            TckBrowser b = other.browser();
            assertEquals(302, b.login(path("auth/login")).status());
            TckBrowser.Response r = b.get(path("auth/logout"));
            assertEquals(302, r.status());
            assertEquals(path(""), URI.create(local(r.location())).getPath());
            assertFalse(r.location().contains(provider().issuer()));
            assertEquals(401, b.get(path("api/me")).status());
        }
    }
}
