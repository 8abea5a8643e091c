package io.oidckit.web;

/**
 * The neutral view of the framework's server-side session, keyed by strings and holding strings, so that any
 * session store (in memory, replicated, Redis) can carry it unchanged.
 *
 * <p>Reading must never create a session: anonymous requests to public pages set no cookie (docs/contract.md).
 * Only {@link #put} may create one.
 */
public interface WebSession {

    /** The value, or {@code null} when there is no session or no such attribute. Never creates a session. */
    String get(String key);

    /** Stores a value, creating the session if there is none. */
    void put(String key, String value);

    /** Removes a value; does nothing when there is no session. */
    void remove(String key);

    /**
     * Gives the session a new id, keeping its content (session fixation defence at login, OWASP). Creates the
     * session if there is none.
     */
    void renewId();

    /** Ends the session: its content is gone and its id is never valid again. */
    void invalidate();

    /**
     * How long the session may stay unused before it expires, {@code null} for the framework's own setting. The core
     * shortens it to {@code OIDC_PENDING_LOGIN_TTL} for a session made only for a pending login (without a session
     * secret), so a flood of anonymous logins is not held for the container's 30 minutes, and restores it at sign-in.
     * Does nothing when there is no session; a framework without a per-session timeout keeps this default.
     */
    default void expireAfter(java.time.Duration idle) {
    }
}
