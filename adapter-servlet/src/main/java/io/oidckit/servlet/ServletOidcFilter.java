package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.RelyingParty;
import io.oidckit.web.Outcome;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * OpenID Connect sign-in for a Jakarta Servlet 6.1 application, as one {@link Filter} mapped to {@code /*}.
 *
 * <p>It answers the auth routes ({@code B auth/login}, the redirect URI's path, {@code B auth/logout}), protects
 * the configured routes, and lets every other request through. For a signed-in user the request carries the user
 * the servlet way: {@code getUserPrincipal()} (an {@link OidcUser}, named by its {@code sub}),
 * {@code getRemoteUser()}, {@code isUserInRole(role)} backed by the roles claim, {@code getAuthType()} =
 * {@code "OIDC"}, and the request attribute {@link #USER_ATTRIBUTE} (see {@link #currentUser}).
 *
 * <p>Configuration, in order of precedence: the {@link OidcConfig} or {@link RelyingParty} given to the
 * constructor; else the filter's init-params, named like the contract's environment variables
 * ({@code OIDC_HTTP_TIMEOUT}, {@code OIDC_PROTECT}, …) or like the properties ({@code oidckit.http-timeout}),
 * over the environment: every setting of the core's table ({@link ServletOidcSettings}).
 *
 * <p>Calls to the provider (only on the auth routes) wait on the request thread, bounded by the core's timeouts;
 * checking a signed-in session never waits and never calls the provider.
 */
public final class ServletOidcFilter implements Filter {
    /** The request attribute holding the signed-in {@link OidcUser}. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName();

    private static final System.Logger LOG = System.getLogger("io.oidckit.servlet");
    private RelyingParty rp;

    /** For web.xml or {@code @WebFilter}: configured from init-params and the environment at {@link #init}. */
    public ServletOidcFilter() {
    }

    public ServletOidcFilter(OidcConfig config) {
        this(RelyingParty.create(config));
    }

    public ServletOidcFilter(RelyingParty relyingParty) {
        this.rp = relyingParty;
    }

    /** The signed-in user of this request, if any. */
    public static Optional<OidcUser> currentUser(HttpServletRequest request) {
        return Optional.ofNullable((OidcUser) request.getAttribute(USER_ATTRIBUTE));
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (rp == null) rp = RelyingParty.create(ServletOidcSettings.config(filterConfig, System.getenv()));
        ServletViews.applyCookiePolicy(filterConfig.getServletContext(), rp.cookiePolicy(),
                "add the filter while the web application starts (web.xml, @WebFilter or a ServletContainerInitializer)");
        String contextPath = filterConfig.getServletContext().getContextPath();
        if (!rp.config().basePath().startsWith(contextPath + "/")) {
            LOG.log(System.Logger.Level.WARNING, "URL_BASE_PATHNAME " + rp.config().basePath()
                    + " does not start with the servlet context path " + contextPath + "; routes will not match");
        }
        rp.prefetch();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Outcome outcome = rp.handle(ServletViews.request(request), ServletViews.session(request))
                .toCompletableFuture().join(); // never fails; bounded by the core's provider timeouts
        outcome.headers().forEach(response::setHeader);
        if (outcome instanceof Outcome.Continue c) {
            ServletViews.sayUtf8(response);
            chain.doFilter(c.user() == null ? request : ServletViews.signedIn(request, c.user()), response);
        } else if (outcome instanceof Outcome.Redirect r) {
            response.setStatus(r.status());
            response.setHeader("Location", r.location());
        } else if (outcome instanceof Outcome.Page p) {
            write(response, p.status(), p.contentType(), p.html());
        } else if (outcome instanceof Outcome.Json j) {
            write(response, j.status(), j.contentType(), j.body());
        }
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
