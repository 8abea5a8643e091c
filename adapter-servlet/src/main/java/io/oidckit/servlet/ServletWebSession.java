package io.oidckit.servlet;

import io.oidckit.web.WebSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** {@link HttpSession} seen through the core's port; reads use {@code getSession(false)}, so they never create one. */
record ServletWebSession(HttpServletRequest request) implements WebSession {
    @Override
    public String get(String key) {
        HttpSession s = request.getSession(false);
        if (s == null) return null;
        try {
            return s.getAttribute(key) instanceof String v ? v : null;
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
        HttpSession s = request.getSession(false);
        if (s != null) s.removeAttribute(key);
    }

    @Override
    public void renewId() {
        request.getSession(true);
        request.changeSessionId();
    }

    @Override
    public void invalidate() {
        HttpSession s = request.getSession(false);
        if (s != null) s.invalidate();
    }
}
