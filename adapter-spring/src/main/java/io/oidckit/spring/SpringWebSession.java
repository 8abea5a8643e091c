package io.oidckit.spring;

import io.oidckit.web.WebSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The servlet {@link HttpSession} as the core's session port. Whatever backs it (the container's store, Spring
 * Session with Redis or JDBC) carries the login state unchanged, since the core stores only strings. Reads use
 * {@code getSession(false)}, so a public page never starts a session.
 */
record SpringWebSession(HttpServletRequest request) implements WebSession {
    @Override
    public String get(String key) {
        HttpSession session = request.getSession(false);
        if (session == null) return null;
        try {
            return session.getAttribute(key) instanceof String value ? value : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    @Override
    public void put(String key, String value) {
        request.getSession(true).setAttribute(key, value);
    }

    @Override
    public void remove(String key) {
        HttpSession session = request.getSession(false);
        if (session != null) session.removeAttribute(key);
    }

    /** A new id for the same session at login (session fixation, OWASP): {@code HttpServletRequest.changeSessionId}. */
    @Override
    public void renewId() {
        request.getSession(true);
        request.changeSessionId();
    }

    @Override
    public void invalidate() {
        HttpSession session = request.getSession(false);
        if (session != null) session.invalidate();
    }
}
