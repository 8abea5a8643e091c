package io.oidckit.servlet;

import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

/**
 * The servlet API through the core's port, written once for every servlet-based adapter (this one, Spring MVC's):
 * request, {@link HttpSession} (whatever backs it: the container, Spring Session with Redis), the signed-in request,
 * the rendering of outcomes, and the session cookie's attributes.
 */
public final class ServletViews {
    private static final System.Logger LOG = System.getLogger("io.oidckit.servlet");

    private ServletViews() {}

    /** The raw URI and query, not a framework's decoded path: the core normalises and matches paths itself. */
    public static WebRequest request(HttpServletRequest request) {
        // The body is read on the container's request thread, only when the core asks (back-channel logout).
        return WebRequest.of(request.getMethod(), request.getRequestURI(), request.getQueryString(), request::getHeader,
                max -> {
                    try {
                        return WebRequest.readAtMost(request.getInputStream(), max);
                    } catch (java.io.IOException | RuntimeException e) {
                        return java.util.concurrent.CompletableFuture.failedFuture(e);
                    }
                });
    }

    /** The session; reads use {@code getSession(false)}, so a public page never starts one. */
    public static WebSession session(HttpServletRequest request) {
        return new WebSession() {
            public String get(String key) {
                HttpSession s = request.getSession(false);
                try {
                    return s != null && s.getAttribute(key) instanceof String v ? v : null;
                } catch (IllegalStateException invalidated) { // by the application, earlier in this request
                    return null;
                }
            }
            public void put(String key, String value) { request.getSession(true).setAttribute(key, value); }
            public void remove(String key) { Optional.ofNullable(request.getSession(false)).ifPresent(s -> s.removeAttribute(key)); }
            public void invalidate() { Optional.ofNullable(request.getSession(false)).ifPresent(HttpSession::invalidate); }
            public void expireAfter(java.time.Duration idle) { // the context's minutes, or the core's seconds
                Optional.ofNullable(request.getSession(false)).ifPresent(s -> s.setMaxInactiveInterval(idle == null
                        ? request.getServletContext().getSessionTimeout() * 60 : (int) Math.max(1, idle.toSeconds())));
            }
            public void renewId() { // a new id for the same session at login (session fixation)
                request.getSession(true);
                request.changeSessionId();
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

    /**
     * The one place where an outcome becomes the servlet response: an answer whole (status, headers, type, body); for
     * {@link Outcome.Continue}, its headers and cookies and UTF-8 over the servlet default ISO-8859-1 ("Zoë" intact), then true.
     */
    public static boolean render(HttpServletResponse response, Outcome outcome) throws IOException {
        outcome.headers().forEach(response::setHeader);
        outcome.cookies().forEach(cookie -> response.addHeader("Set-Cookie", cookie));
        if (outcome instanceof Outcome.Continue) {
            String encoding = response.getCharacterEncoding();
            if (encoding == null || "ISO-8859-1".equalsIgnoreCase(encoding)) response.setCharacterEncoding(StandardCharsets.UTF_8);
            return true;
        }
        if (!(outcome instanceof Outcome.Answer answer)) throw new IllegalArgumentException(outcome.toString());
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setContentType(answer.contentType());
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
        return false;
    }

    /**
     * Fits the relying party to the web application: a warning when the base path is outside the context path; the
     * core's attributes on the session cookie, which a container takes only while the application starts, not from a
     * listener added programmatically (Servlet 6.1 §4.4). Too late, it logs what to set and {@code how} to fix it.
     */
    public static void fit(ServletContext context, RelyingParty rp, String how) {
        if (!rp.config().basePath().startsWith(context.getContextPath() + "/")) {
            LOG.log(System.Logger.Level.WARNING, "URL_BASE_PATHNAME " + rp.config().basePath()
                    + " does not start with the servlet context path " + context.getContextPath() + "; routes will not match");
        }
        CookiePolicy policy = rp.cookiePolicy();
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        if (cookie.isHttpOnly() == policy.httpOnly() && cookie.isSecure() == policy.secure()
                && policy.sameSite().equalsIgnoreCase(cookie.getAttribute("SameSite"))
                && cookie.getDomain() == null && policy.path().equals(cookie.getPath())) return;
        try {
            cookie.setHttpOnly(policy.httpOnly());
            cookie.setSecure(policy.secure());
            cookie.setAttribute("SameSite", policy.sameSite());
            cookie.setDomain(null);
            cookie.setPath(policy.path());
        } catch (IllegalStateException | UnsupportedOperationException refused) {
            LOG.log(System.Logger.Level.WARNING, "the session cookie could not be configured (" + refused.getMessage()
                    + "): " + how + ", or set HttpOnly, SameSite=" + policy.sameSite()
                    + (policy.secure() ? ", Secure" : "") + " and Path=" + policy.path() + " in the container");
        }
    }
}
