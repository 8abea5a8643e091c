package io.oidckit.tck;

import io.oidckit.testprovider.Endpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for the callback, the redirect URI's path ({@code B auth/callback}): the fresh session, the
 * return to where login started, and every callback that must be refused with the fixed 400 page.
 */
public interface CallbackCases extends KitContext {

    @Test
    @DisplayName("the callback: signs in with a fresh session id and returns to the base path, with no-store and no-referrer")
    default void callbackSuccess() {
        TckBrowser b = browser();
        URI providerUrl = b.startLogin(path("auth/login"), null);
        Map<String, String> before = new HashMap<>(b.cookies());
        TckBrowser.Response r = b.get(b.authorize(providerUrl));
        assertEquals(302, r.status(), r.body());
        assertEquals(path(""), URI.create(local(r.location())).getPath());
        assertNoStore(r);
        assertEquals("no-referrer", r.header("Referrer-Policy"));
        assertNotEquals(before, b.cookies(), "the session id must change at login");
        // The id from before login must not be signed in.
        TckBrowser planted = browser();
        planted.cookies().putAll(before);
        assertAnonymous(planted);
        assertEquals(200, b.get(path("api/me")).status());
    }

    @Test
    @DisplayName("the callback: returns to the page that asked for login")
    default void callbackReturnsToProfile() {
        TckBrowser b = browser();
        TckBrowser.Response first = b.get(path("profile"));
        assertEquals(302, first.status());
        URI login = URI.create(local(first.location()));
        assertEquals(path("auth/login"), login.getPath());
        URI providerUrl = URI.create(b.get(login.getRawPath() + "?" + login.getRawQuery()).location());
        TckBrowser.Response back = b.get(b.authorize(providerUrl));
        assertEquals(path("profile"), URI.create(local(back.location())).getPath());
        assertEquals(200, b.get(path("profile")).status());
    }

    @Test
    @DisplayName("the callback: ignores every off-site return_to spelling and lands on the base path")
    default void callbackOpenRedirect() {
        for (String evil : List.of("//evil.example/", "/\\evil.example", "https:evil.example",
                "https://evil.example/", "/%2F/evil.example", "%2F%2Fevil.example", "/\t/evil.example",
                "///evil.example")) {
            TckBrowser b = browser();
            URI providerUrl = b.startLogin(path("auth/login"), "return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8));
            TckBrowser.Response r = b.get(b.authorize(providerUrl));
            assertEquals(302, r.status());
            String loc = r.location();
            assertTrue(loc.equals(path("")) || loc.equals(url("")), evil + " -> " + loc);
        }
    }

    @Test
    @DisplayName("the callback: refuses a replayed callback with the fixed 400 page")
    default void callbackReplay() {
        TckBrowser b = browser();
        String back = b.authorize(b.startLogin(path("auth/login"), null));
        assertEquals(302, b.get(back).status());
        TckBrowser thief = browser();
        assertErrorPage(thief.get(back), 400);
        assertAnonymous(thief);
        assertErrorPage(b.get(back), 400);
    }

    @Test
    @DisplayName("the callback: refuses a missing or forged state without calling the provider")
    default void callbackState() {
        TckBrowser b = browser();
        String back = b.authorize(b.startLogin(path("auth/login"), null));
        assertErrorPage(b.get(back.replaceAll("state=[^&]*", "state=forged")), 400);
        assertErrorPage(b.get(back.replaceAll("[?&]state=[^&]*", "")), 400);
        assertEquals(0, provider().calls(Endpoint.TOKEN));
        assertAnonymous(b);
    }

    @Test
    @DisplayName("the callback: refuses repeated and oversized parameters at once")
    default void callbackParameters() {
        TckBrowser b = browser();
        String back = b.authorize(b.startLogin(path("auth/login"), null));
        assertErrorPage(b.get(back + "&code=again"), 400);
        TckBrowser c = browser();
        String back2 = c.authorize(c.startLogin(path("auth/login"), null));
        assertErrorPage(c.get(back2.replaceAll("code=[^&]*", "code=" + "x".repeat(4100))), 400);
        assertEquals(0, provider().calls(Endpoint.TOKEN));
    }

    @Test
    @DisplayName("the callback: answers a provider error with the fixed 400 page that never reflects error_description")
    default void callbackProviderError() {
        TckBrowser b = browser();
        URI providerUrl = b.startLogin(path("auth/login"), null);
        String state = query(providerUrl).get("state");
        TckBrowser.Response r = b.get(path("auth/callback") + "?state=" + state + "&iss="
                + URLEncoder.encode(provider().issuer(), StandardCharsets.UTF_8)
                + "&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertErrorPage(r, 400);
        assertFalse(r.body().contains("<script>"));
        assertFalse(r.body().contains("alert(1)"));
    }

    @Test
    @DisplayName("the callback: refuses an RFC 9207 iss naming another issuer")
    default void callbackIssMismatch() {
        provider().authorizationResponseIss("https://attacker.example");
        TckBrowser b = browser();
        assertErrorPage(b.login(path("auth/login")), 400);
        assertAnonymous(b);
    }
}
