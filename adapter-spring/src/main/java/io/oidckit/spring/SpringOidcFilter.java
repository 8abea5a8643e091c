package io.oidckit.spring;

import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.servlet.ServletViews;
import io.oidckit.web.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenID Connect sign-in for a Spring WebMVC application: answers the auth routes ({@code B auth/login}, the
 * redirect URI's path, {@code B auth/logout}), enforces the configured protect rules, and lets everything else
 * through with the signed-in user attached to the request:
 * <ul>
 *   <li>as the request attribute {@link #USER_ATTRIBUTE}, read by {@link #currentUser}, the {@code OidcUser}
 *       controller argument and the {@link OidcAuthenticated}/{@link OidcRequireRole} interceptor;</li>
 *   <li>as the request's {@code Principal} ({@code sub} as the name) and {@code isUserInRole};</li>
 *   <li>as Spring Security's {@code Authentication}, with roles as {@code ROLE_x} authorities, when Spring Security
 *       is on the class path.</li>
 * </ul>
 *
 * <p>With Spring Boot it is registered by the auto-configuration, before Spring Security's filter chain. In a plain
 * Spring MVC application, {@link EnableOidcKit} declares it as the bean {@value #BEAN_NAME}; register it with the
 * servlet container as a {@code DelegatingFilterProxy("oidcKitFilter")} with {@code targetFilterLifecycle} on,
 * mapped to {@code /*}.
 *
 * <p>When the container initialises it, the filter gives the session cookie the core's attributes
 * ({@link RelyingParty#cookiePolicy()}); otherwise it tries once at the first request and logs a warning naming the
 * attributes to set in the container.
 *
 * <p>Calls to the provider happen only on the login, callback and logout routes; the request thread waits for them
 * ({@code join()}), bounded by the core's connect and response timeouts (5 s / 10 s by default), which gives a 503
 * page when they run out. A request of a signed-in user, or to a public page, never waits: checking the session
 * does no I/O. Servlet async would free the thread during those few provider calls at the price of every async
 * pitfall in filters (error dispatch, Spring Security's context propagation), so it is not used.
 */
public final class SpringOidcFilter extends OncePerRequestFilter {
    /** The bean name under which {@link EnableOidcKit} and the Boot auto-configuration declare the filter. */
    public static final String BEAN_NAME = "oidcKitFilter";

    /** The request attribute holding the signed-in {@link OidcUser}; absent for an anonymous request. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName(); // the servlet adapter's too, set by ServletViews

    /** Set on every request the filter has seen, so the interceptor can tell a missing filter from an anonymous user. */
    static final String FILTERED_ATTRIBUTE = SpringOidcFilter.class.getName() + ".FILTERED";

    /** Checked here, not in the bridge: the bridge cannot even be loaded without Spring Security. */
    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.web.context.RequestAttributeSecurityContextRepository",
            SpringOidcFilter.class.getClassLoader());

    private static final String COOKIE_HOW = "let the servlet container initialise the oidckit filter (with DelegatingFilterProxy, call setTargetFilterLifecycle(true))";

    private final RelyingParty rp;
    private volatile boolean cookieChecked;

    public SpringOidcFilter(RelyingParty relyingParty) {
        this.rp = Objects.requireNonNull(relyingParty);
        // Never blocks or fails: a provider that is down is simply tried again at the first login.
        rp.prefetch();
    }

    /** The signed-in user of this request, if any. */
    public static Optional<OidcUser> currentUser(HttpServletRequest request) {
        return Optional.ofNullable((OidcUser) request.getAttribute(USER_ATTRIBUTE));
    }

    RelyingParty relyingParty() {
        return rp;
    }

    /** Called by the servlet container's {@code init}, while the web application starts. */
    @Override
    protected void initFilterBean() {
        if (getFilterConfig() != null) {
            ServletViews.fit(getFilterConfig().getServletContext(), rp, COOKIE_HOW);
            cookieChecked = true;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!cookieChecked) {
            cookieChecked = true; // one attempt (and at most one warning), not one per request
            ServletViews.fit(request.getServletContext(), rp, COOKIE_HOW);
        }
        request.setAttribute(FILTERED_ATTRIBUTE, Boolean.TRUE);
        Outcome outcome = rp.handle(ServletViews.request(request), ServletViews.session(request))
                .toCompletableFuture().join(); // never fails; bounded by the core's provider timeouts
        if (!ServletViews.render(response, outcome)) return;
        OidcUser user = ((Outcome.Continue) outcome).user();
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest signedIn = ServletViews.signedIn(request, user); // also the USER_ATTRIBUTE
        Runnable signOutOfSecurity = SPRING_SECURITY
                ? SpringSecurityBridge.signIn(user, signedIn, response) : null;
        try {
            chain.doFilter(signedIn, response);
        } finally {
            if (signOutOfSecurity != null) signOutOfSecurity.run();
        }
    }
}
