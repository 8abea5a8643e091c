package io.oidckit.servlet;

import io.oidckit.OidcUser;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The servlet API seen through the core's port, for every servlet-based adapter (this one, and Spring MVC's on top
 * of it): the request, the {@link HttpSession} (whatever backs it: the container, Spring Session with Redis), the
 * request as the application sees it once the user is known, and the session cookie's attributes. Written once, so
 * two servlet adapters cannot drift apart.
 */
public final class ServletViews {
    private static final System.Logger LOG = System.getLogger("io.oidckit.servlet");

    private ServletViews() {
    }

    /** The raw URI and query, not a framework's decoded path: the core normalises and matches paths itself. */
    public static WebRequest request(HttpServletRequest request) {
        return new WebRequest() {
            public String method() { return request.getMethod(); }
            public String path() { return request.getRequestURI(); }
            public String rawQuery() { return request.getQueryString(); }
            public String header(String name) { return request.getHeader(name); }
        };
    }

    /** The session; reads use {@code getSession(false)}, so a public page never starts one. */
    public static WebSession session(HttpServletRequest request) {
        return new WebSession() {
            public String get(String key) {
                HttpSession s = request.getSession(false);
                try {
                    return s != null && s.getAttribute(key) instanceof String v ? v : null;
                } catch (IllegalStateException invalidated) {
                    return null;
                }
            }
            public void put(String key, String value) { request.getSession(true).setAttribute(key, value); }
            public void remove(String key) {
                HttpSession s = request.getSession(false);
                if (s != null) s.removeAttribute(key);
            }
            public void renewId() {
                request.getSession(true);
                request.changeSessionId(); // a new id for the same session at login (session fixation)
            }
            public void invalidate() {
                HttpSession s = request.getSession(false);
                if (s != null) s.invalidate();
            }
        };
    }

    /** The request once the user is known: the servlet security API ({@code getUserPrincipal}, roles) answers for them. */
    public static HttpServletRequest signedIn(HttpServletRequest request, OidcUser user) {
        request.setAttribute(ServletOidcFilter.USER_ATTRIBUTE, user);
        return new HttpServletRequestWrapper(request) {
            @Override public Principal getUserPrincipal() { return user; }
            @Override public String getRemoteUser() { return user.subject(); }
            @Override public boolean isUserInRole(String role) { return user.hasRole(role); }
            @Override public String getAuthType() { return "OIDC"; }
        };
    }

    /** The servlet default is ISO-8859-1: the app's answers say UTF-8 unless it chose otherwise ("Zoë" intact). */
    public static void sayUtf8(HttpServletResponse response) {
        if (response.getCharacterEncoding() == null || "ISO-8859-1".equalsIgnoreCase(response.getCharacterEncoding())) {
            response.setCharacterEncoding(StandardCharsets.UTF_8);
        }
    }

    /**
     * Gives the container's session cookie the core's attributes ({@code HttpOnly}, {@code SameSite}, {@code Secure}
     * for an https redirect URI, the base path, no {@code Domain}). A container accepts this only while the web
     * application starts, and not from a listener added programmatically (Servlet 6.1 §4.4): a filter's
     * {@code init} is early enough and allowed. Returns false, logging what to set instead and {@code how} to let
     * the container initialise the filter, when it is too late.
     */
    public static boolean applyCookiePolicy(ServletContext context, CookiePolicy policy, String how) {
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        if (cookie.isHttpOnly() == policy.httpOnly() && cookie.isSecure() == policy.secure()
                && policy.sameSite().equalsIgnoreCase(cookie.getAttribute("SameSite"))
                && cookie.getDomain() == null && policy.path().equals(cookie.getPath())) {
            return true;
        }
        try {
            cookie.setHttpOnly(policy.httpOnly());
            cookie.setSecure(policy.secure());
            cookie.setAttribute("SameSite", policy.sameSite());
            cookie.setDomain(null);
            cookie.setPath(policy.path());
            return true;
        } catch (IllegalStateException | UnsupportedOperationException refused) {
            LOG.log(System.Logger.Level.WARNING, "the session cookie could not be configured (" + refused.getMessage()
                    + "): " + how + ", or set HttpOnly, SameSite=" + policy.sameSite()
                    + (policy.secure() ? ", Secure" : "") + " and Path=" + policy.path() + " in the container");
            return false;
        }
    }
}
