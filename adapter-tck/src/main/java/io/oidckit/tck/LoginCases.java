package io.oidckit.tck;

import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's cases for the login route, {@code GET B auth/login}: the authorization request and the session cookie. */
public interface LoginCases extends KitContext {

    @Test
    @DisplayName("the login route: redirects to the authorization endpoint with every parameter, URL-encoded")
    default void loginRedirect() {
        TckBrowser.Response r = browser().get(path("auth/login"));
        assertEquals(302, r.status());
        assertNoStore(r);
        URI uri = URI.create(r.location());
        assertEquals(provider().uri("/authorize").getPath(), uri.getPath());
        Map<String, String> p = query(uri);
        assertEquals("code", p.get("response_type"));
        assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
        assertEquals(url("auth/callback"), p.get("redirect_uri"));
        assertTrue(p.get("scope").startsWith("openid"), p.get("scope"));
        assertEquals("S256", p.get("code_challenge_method"));
        assertTrue(p.get("state").length() >= 22 && p.get("nonce").length() >= 22 && p.get("code_challenge").length() == 43);
        assertTrue(uri.getRawQuery().contains("redirect_uri=http%3A%2F%2F127.0.0.1"), "URL-encoded: " + uri.getRawQuery());
    }

    @Test
    @DisplayName("the login route: starts a session whose cookie is HttpOnly, SameSite=Lax, without Domain, and not Secure on http")
    default void loginCookieAttributes() {
        TckBrowser.Response r = browser().get(path("auth/login"));
        String cookie = sessionCookie(r);
        assertNotNull(cookie, "login must start a session: " + r.setCookies());
        String lower = cookie.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("httponly"), cookie);
        assertTrue(lower.contains("samesite=lax"), cookie);
        assertFalse(lower.contains("domain="), cookie);
        assertFalse(lower.contains("secure"), "an http redirect URI must not get a Secure cookie: " + cookie);
    }

    @Test
    @DisplayName("the login route: lets two tabs log in at once")
    default void loginTwoTabs() {
        TckBrowser b = browser();
        URI one = b.startLogin(path("auth/login"), "return_to=" + encode(path("profile")));
        URI two = b.startLogin(path("auth/login"), "return_to=" + encode(path("admin")));
        String backTwo = b.authorize(two);
        String backOne = b.authorize(one);
        assertEquals(path("admin"), URI.create(local(b.get(backTwo).location())).getPath());
        assertEquals(path("profile"), URI.create(local(b.get(backOne).location())).getPath());
    }

    private static String sessionCookie(TckBrowser.Response r) {
        for (String c : r.setCookies()) {
            String v = c.split(";", 2)[0];
            if (!v.endsWith("=")) return c;
        }
        return null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
