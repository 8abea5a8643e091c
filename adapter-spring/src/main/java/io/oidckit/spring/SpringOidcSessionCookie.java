package io.oidckit.spring;

import io.oidckit.web.CookiePolicy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;

/**
 * Gives the servlet container's session cookie the attributes the core asks for ({@link CookiePolicy}:
 * {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} for an https redirect URI, the base path, no
 * {@code Domain}). A container accepts this only while the web application is starting, and not from a listener
 * that was added programmatically (Servlet 6.1 §4.4, which rules out a {@code ContextLoaderListener} registered by a
 * {@code WebApplicationInitializer}); a filter's {@code init} is both early enough and allowed.
 */
final class SpringOidcSessionCookie {
    private static final System.Logger LOG = System.getLogger("io.oidckit.spring");

    private SpringOidcSessionCookie() {
    }

    /** Applies {@code policy}; returns false (and logs why) when the container no longer accepts changes. */
    static boolean apply(ServletContext servletContext, CookiePolicy policy) {
        SessionCookieConfig cookie = servletContext.getSessionCookieConfig();
        if (matches(cookie, policy)) return true;
        try {
            cookie.setHttpOnly(policy.httpOnly());
            cookie.setSecure(policy.secure());
            cookie.setAttribute("SameSite", policy.sameSite());
            cookie.setDomain(null);
            cookie.setPath(policy.path());
            return true;
        } catch (IllegalStateException | UnsupportedOperationException refused) {
            LOG.log(System.Logger.Level.WARNING, "the session cookie could not be configured (" + refused.getMessage()
                    + "): let the servlet container initialise the oidckit filter (with DelegatingFilterProxy, call "
                    + "setTargetFilterLifecycle(true)), or set HttpOnly, SameSite=" + policy.sameSite()
                    + (policy.secure() ? ", Secure" : "") + " and Path=" + policy.path() + " in the container");
            return false;
        }
    }

    private static boolean matches(SessionCookieConfig cookie, CookiePolicy policy) {
        return cookie.isHttpOnly() == policy.httpOnly() && cookie.isSecure() == policy.secure()
                && policy.sameSite().equalsIgnoreCase(cookie.getAttribute("SameSite"))
                && cookie.getDomain() == null && policy.path().equals(cookie.getPath());
    }
}
