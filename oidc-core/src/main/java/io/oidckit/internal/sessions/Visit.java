package io.oidckit.internal.sessions;

import io.oidckit.web.WebSession;

import java.util.List;

/**
 * One request's view of where its state lives: the session the flows read and write (the framework's, or in cookie
 * mode the {@link CookieSession}), and the jar of the core's own cookies (pending logins when there is a secret,
 * the session in cookie mode). {@link #finish} turns what changed into {@code Set-Cookie} values.
 */
public final class Visit {
    private final WebSession session;
    private final CookieJar jar;
    private final CookieSession cookieSession;

    Visit(WebSession session, CookieJar jar, CookieSession cookieSession) {
        this.session = session;
        this.jar = jar;
        this.cookieSession = cookieSession;
    }

    /** The session of this request, whichever mode holds it. */
    public WebSession session() {
        return session;
    }

    /** The core's cookies of this request. */
    public CookieJar jar() {
        return jar;
    }

    /**
     * Seals a changed cookie session. When it does not fit in its cookies even without its ID token, it is left as it
     * was and an {@link io.oidckit.OidcException} (OIDC310) says so: the caller refuses the login.
     */
    public void finish() {
        if (cookieSession != null) cookieSession.finish();
    }

    /** The {@code Set-Cookie} values this request answers with, after {@link #finish}. */
    public List<String> setCookies() {
        return jar.setCookies();
    }
}
