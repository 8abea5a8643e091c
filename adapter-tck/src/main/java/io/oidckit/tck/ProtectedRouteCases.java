package io.oidckit.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for the protected routes of the kit's configuration: {@code B profile} (signed in),
 * {@code B admin} (role {@code admin}) and {@code B api/me} (an API: JSON, never a redirect).
 */
public interface ProtectedRouteCases extends KitContext {

    @Test
    @DisplayName("protected routes: profile shows name, email, sub and roles, HTML-escaped, and is not cached")
    default void protectedProfile() {
        provider().user("x<b>", Map.of("name", "<script>alert(1)</script>", "email", "x@example.com", "groups", List.of("admin")));
        TckBrowser.Response r = signedInAs("x<b>").get(path("profile"));
        assertEquals(200, r.status());
        assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), r.body());
        assertFalse(r.body().contains("<script>"), r.body());
        assertTrue(r.body().contains("x@example.com"));
        assertTrue(r.body().contains("x&lt;b&gt;"));
        assertTrue(r.body().contains("admin"));
        assertNoStore(r);
    }

    @Test
    @DisplayName("protected routes: profile sends an anonymous browser into the login flow")
    default void protectedProfileAnonymous() {
        TckBrowser.Response r = browser().get(path("profile"));
        assertEquals(302, r.status());
        assertEquals(path("auth/login") + "?return_to=" + URLEncoder.encode(path("profile"), StandardCharsets.UTF_8),
                local(r.location()));
        assertNoStore(r);
    }

    @Test
    @DisplayName("protected routes: admin lets alice in")
    default void protectedAdminAllowed() {
        TckBrowser.Response r = signedInAs("alice").get(path("admin"));
        assertEquals(200, r.status());
        assertNoStore(r);
    }

    @Test
    @DisplayName("protected routes: admin shows bob the 403 access-denied page")
    default void protectedAdminDenied() {
        TckBrowser.Response r = signedInAs("bob").get(path("admin"));
        assertErrorPage(r, 403);
        assertTrue(r.body().contains("Access denied"), r.body());
    }

    @Test
    @DisplayName("protected routes: admin sends an anonymous browser into the login flow")
    default void protectedAdminAnonymous() {
        assertEquals(302, browser().get(path("admin")).status());
    }

    @Test
    @DisplayName("protected routes: api/me answers the user as JSON")
    default void protectedApiMe() {
        TckBrowser.Response r = signedInAs("alice").get(path("api/me"));
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals("{\"sub\":\"alice\",\"name\":\"Alice Admin\",\"email\":\"alice@example.com\",\"roles\":[\"admin\"]}", r.body());
        assertNoStore(r);
    }

    @Test
    @DisplayName("protected routes: api/me answers 401 JSON to an anonymous caller, never a redirect, even one that asks for HTML")
    default void protectedApiMeAnonymous() {
        for (String accept : List.of("application/json", "text/html", "*/*")) {
            TckBrowser.Response r = browser().get(path("api/me"), "Accept", accept);
            assertEquals(401, r.status(), accept);
            assertTrue(r.header("Content-Type").startsWith("application/json"));
            assertEquals("{\"error\":\"unauthorized\"}", r.body());
            assertNoStore(r);
        }
    }

    @Test
    @DisplayName("protected routes: a client that prefers JSON gets 401 and 403 JSON instead of redirects and pages")
    default void protectedNegotiation() {
        TckBrowser.Response r = browser().get(path("profile"), "Accept", "application/json");
        assertEquals(401, r.status());
        assertEquals("{\"error\":\"unauthorized\"}", r.body());
        r = browser().get(path("admin"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(401, r.status());
        r = signedInAs("bob").get(path("admin"), "Accept", "application/json");
        assertEquals(403, r.status());
        assertEquals("{\"error\":\"forbidden\"}", r.body());
    }

    @Test
    @DisplayName("protected routes: cannot be reached by spelling the path differently")
    default void protectedSpelling() {
        for (String p : List.of(path("admin/"), path("./admin"), path("admin;jsessionid=x"))) {
            int s = browser().get(p).status();
            assertTrue(s == 302 || s == 400 || s == 404, p + " answered " + s);
        }
    }
}
