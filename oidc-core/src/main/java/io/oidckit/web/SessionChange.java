package io.oidckit.web;

import io.oidckit.OidcUser;

/**
 * What an answer did to who is signed in, so an adapter can bring its framework's own notion of the user (a Vert.x
 * {@code User}, a security context) in line without reading the session again. The session's storage (ids,
 * cookies, the store) is the adapter's business through {@link WebSession}; this is only about the user.
 */
public sealed interface SessionChange {

    /** Nothing changed: whoever was signed in still is (or nobody was). */
    SessionChange NONE = new None();

    /** See {@link #NONE}. */
    record None() implements SessionChange {
    }

    /** A login completed: {@code user} is signed in, in a session with a fresh id. */
    record SignedIn(OidcUser user) implements SessionChange {
    }

    /** The user is signed out: logout, or the session reached {@code OIDC_SESSION_MAX_AGE}. */
    record SignedOut() implements SessionChange {
    }

    /** See {@link SignedOut}. */
    SessionChange SIGNED_OUT = new SignedOut();
}
