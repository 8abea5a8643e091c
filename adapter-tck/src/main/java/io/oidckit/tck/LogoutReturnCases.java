package io.oidckit.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for the way back from the provider after RP-initiated logout (OpenID Connect RP-Initiated Logout
 * 1.0 §2-3): the logout request carries a {@code state}, and only that state is honoured on the way back.
 */
public interface LogoutReturnCases extends KitContext {

    @Test
    @DisplayName("logout: sends a state; the provider's way back with it lands on the clean base path, any other state just shows the page")
    default void logoutState() {
        TckBrowser b = signedInAs("alice");
        URI endSession = URI.create(b.get(path("auth/logout")).location());
        String state = query(endSession).get("state");
        assertTrue(state != null && state.length() >= 22, "state: " + state);
        TckBrowser.Response atProvider = b.send("GET", endSession);
        assertEquals(302, atProvider.status(), atProvider.body());
        URI back = URI.create(atProvider.location());
        assertEquals(state, query(back).get("state"));

        TckBrowser.Response forged = b.get(path("?state=forged"));
        assertEquals(200, forged.status());
        assertTrue(forged.body().contains("Please log in"));
        TckBrowser.Response none = b.get(path("?unrelated=1"));
        assertEquals(200, none.status());

        TckBrowser.Response done = b.get(back.getRawPath() + "?" + back.getRawQuery());
        assertEquals(302, done.status(), done.body());
        assertEquals(path(""), local(done.location()));
        assertNoStore(done);
        TckBrowser.Response again = b.get(back.getRawPath() + "?" + back.getRawQuery());
        assertEquals(200, again.status(), "a logout state is used once");
        assertAnonymous(b);
    }
}
