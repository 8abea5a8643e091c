package io.oidckit.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's cases for the public home page, {@code GET B}, and for session cookies it does not know. */
public interface HomeCases extends KitContext {

    @Test
    @DisplayName("the home page: asks an anonymous visitor to log in, with a link to the login route, and sets no cookie")
    default void homeAnonymous() {
        TckBrowser.Response r = browser().get(path(""));
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Please log in"), r.body());
        assertTrue(r.body().contains("href=\"" + path("auth/login") + "\""), r.body());
        assertTrue(r.body().contains("Sign in with OIDC"), r.body());
        assertTrue(r.setCookies().isEmpty(), "a public page must not start a session: " + r.setCookies());
    }

    @Test
    @DisplayName("the home page: welcomes a signed-in user by name, links to logout, and is not cached")
    default void homeSignedIn() {
        TckBrowser.Response r = signedInAs("alice").get(path(""));
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Welcome Alice Admin"), r.body());
        assertTrue(r.body().contains("href=\"" + path("auth/logout") + "\""), r.body());
        assertNoStore(r);
    }

    @Test
    @DisplayName("the home page: falls back to email, then sub, when the name claim is absent")
    default void homeDisplayNameFallback() {
        provider().user("nameless", Map.of("email", "nameless@example.com"));
        assertTrue(signedInAs("nameless").get(path("")).body().contains("Welcome nameless@example.com"));
        provider().user("bare", Map.of());
        assertTrue(signedInAs("bare").get(path("")).body().contains("Welcome bare"));
    }

    @Test
    @DisplayName("the home page: treats a malformed or unknown session cookie as anonymous, never as an error")
    default void homeBadSessionCookie() {
        // The adapter's own cookie names, as a login sets them (the framework's session cookie, and any other).
        TckBrowser.Response login = browser().get(path("auth/login"));
        assertEquals(302, login.status(), login.body());
        Set<String> names = new LinkedHashSet<>();
        for (String c : login.setCookies()) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) names.add(pair.substring(0, eq).trim());
        }
        assertFalse(names.isEmpty(), "login must start a session: " + login.setCookies());
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            for (String value : List.of("%%%garbage", "not-a-session", "0123456789abcdefghij".repeat(150), "")) {
                String sent = name + "=" + (value.length() > 20 ? value.substring(0, 20) + "… (" + value.length() + " characters)" : value);
                TckBrowser.Response home = withCookie(name, value).get(path(""));
                if (home.status() != 200 || !home.body().contains("Please log in")) {
                    failures.add(sent + ": home answered " + home.status() + " " + home.body());
                }
                TckBrowser.Response profile = withCookie(name, value).get(path("profile"));
                String into = profile.location() == null ? null : URI.create(local(profile.location())).getPath();
                if (profile.status() != 302 || !path("auth/login").equals(into)) {
                    failures.add(sent + ": profile answered " + profile.status() + " to " + profile.location() + " " + profile.body());
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private TckBrowser withCookie(String name, String value) {
        TckBrowser b = browser();
        b.cookies().put(name, value);
        return b;
    }
}
