package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.settings.Naming;
import io.oidckit.settings.SettingsSource;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect sign-in for a Jakarta Servlet 6.1 application: one {@link Filter} on {@code /*} that answers the
 * auth routes and protects the configured ones. A signed-in user is {@code getUserPrincipal()} (an {@link OidcUser}),
 * {@code getRemoteUser()} (its {@code sub}), {@code isUserInRole} (the roles claim) and {@link #currentUser}.
 * Configured by the {@link OidcConfig} or {@link RelyingParty} given, else by init-params named like the variables
 * ({@code OIDC_HTTP_TIMEOUT}) or the properties ({@code oidckit.http-timeout}), over the environment. Provider calls
 * (auth routes only) wait on the request thread, bounded by the core's timeouts.
 */
public final class ServletOidcFilter implements Filter {
    /** The request attribute holding the signed-in {@link OidcUser}. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName();
    private RelyingParty rp;

    /** For web.xml or {@code @WebFilter}: configured from init-params and the environment at {@link #init}. */
    public ServletOidcFilter() {}

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

    /** The init-params by either name, then {@code environment} by the contract's names; the core spells them all. */
    static OidcConfig config(FilterConfig filterConfig, Map<String, String> environment) {
        Map<String, String> params = new LinkedHashMap<>();
        filterConfig.getInitParameterNames().asIterator().forEachRemaining(n -> params.put(n, filterConfig.getInitParameter(n)));
        return OidcConfig.from(SettingsSource.of(params, Naming.ENV, Naming.PROPERTY)
                .then(SettingsSource.of(environment, Naming.ENV)));
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (rp == null) rp = RelyingParty.create(config(filterConfig, System.getenv()));
        ServletViews.fit(filterConfig.getServletContext(), rp,
                "add the filter while the web application starts (web.xml, @WebFilter or a ServletContainerInitializer)");
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
        if (!ServletViews.render(response, outcome)) return;
        OidcUser user = ((Outcome.Continue) outcome).user();
        chain.doFilter(user == null ? request : ServletViews.signedIn(request, user), response);
    }
}
