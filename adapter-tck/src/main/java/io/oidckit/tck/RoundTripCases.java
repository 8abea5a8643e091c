package io.oidckit.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's end-to-end case: the routes one after the other, as a user meets them. */
public interface RoundTripCases extends KitContext {

    @Test
    @DisplayName("a full login round trip: alice in, admin 200, logout, anonymous; bob gets 403")
    default void roundTrip() {
        TckBrowser alice = signedInAs("alice");
        assertTrue(alice.get(path("")).body().contains("Welcome Alice Admin"));
        assertEquals(200, alice.get(path("admin")).status());
        assertEquals(302, alice.get(path("auth/logout")).status());
        assertTrue(alice.get(path("")).body().contains("Please log in"));
        TckBrowser bob = signedInAs("bob");
        assertEquals(403, bob.get(path("admin")).status());
        assertNull(bob.get(path("")).header("Set-Cookie"));
    }
}
