package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.settings.Naming;
import io.oidckit.settings.SettingsSource;
import io.oidckit.web.CookiePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenID Connect sign-in for Vert.x 5 Web: one instance per application, shared by every verticle instance.
 *
 * <pre>{@code
 * VertxOidc oidc = VertxOidc.create(vertx, config);           // OidcConfig, JsonObject (httpTimeout, ...) or the environment
 * Router router = Router.router(vertx);
 * oidc.mount(router);                                         // SessionHandler + auth routes + configured rules
 * router.get("/admin").handler(oidc.requireRole("admin")).handler(ctx -> ...);
 * router.get("/").handler(ctx -> VertxOidc.user(ctx) ...);
 * }</pre>
 *
 * <p>The session lives in the {@link SessionStore} of a Vert.x {@link SessionHandler}, so a clustered or Redis
 * store carries logins across replicas. Its cookie follows {@link RelyingParty#cookiePolicy()}: HttpOnly,
 * SameSite=Lax, Secure exactly when the redirect URI is https, no Domain, the base path as its path; and it is
 * lazy, so anonymous visitors of public pages get no cookie.
 */
public final class VertxOidc {
    /** The session cookie's name; the handler reads it to tell a returning browser from a new one. */
    public static final String SESSION_COOKIE_NAME = SessionHandler.DEFAULT_SESSION_COOKIE_NAME;

    private final Vertx vertx;
    private final RelyingParty rp;
    private final Future<Void> ready;

    private VertxOidc(Vertx vertx, RelyingParty rp) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.rp = Objects.requireNonNull(rp, "relyingParty");
        rp.prefetch(); // never blocks, never fails; and the login path's classes load on a worker, not an event loop
        this.ready = vertx.executeBlocking(rp::warmUp, false).compose(Future::fromCompletionStage)
                .<Void>mapEmpty().otherwiseEmpty();
    }

    public static VertxOidc create(Vertx vertx, OidcConfig config) {
        return new VertxOidc(vertx, RelyingParty.create(config));
    }

    public static VertxOidc create(Vertx vertx, RelyingParty relyingParty) {
        return new VertxOidc(vertx, relyingParty);
    }

    /** Configured from a JSON object (a verticle's {@code config()}), read as {@link #config(JsonObject)} says. */
    public static VertxOidc create(Vertx vertx, JsonObject config) {
        return create(vertx, config(config));
    }

    /** Configured from the contract's environment variables ({@code OIDC_AUTHORITY}, …). */
    public static VertxOidc fromEnvironment(Vertx vertx) {
        return create(vertx, OidcConfig.fromEnvironment());
    }

    /**
     * The configuration in a JSON object, through the core's settings table (docs/configuration.md): each setting
     * under its camelCase key ({@code httpTimeout} for {@code OIDC_HTTP_TIMEOUT}, {@code urlBasePathname}; matched
     * loosely, so {@code http-timeout} too) or its environment name (as Vert.x Config's environment store hands it
     * over). Values are strings, numbers, booleans or arrays (one {@code protect} rule per entry). Other keys are the
     * application's, but one close to a setting's ({@code httpTimout}, {@code OIDC_*}) gets an OIDC104 warning.
     *
     * @throws io.oidckit.OidcConfigException listing every missing or malformed setting
     */
    public static OidcConfig config(JsonObject config) {
        return OidcConfig.from(SettingsSource.of(config.getMap(), Naming.JSON, Naming.ENV));
    }

    /**
     * A {@link SessionHandler} for {@code store}, lazy (no cookie until a login starts), its cookie as
     * {@link RelyingParty#cookiePolicy()} says. Mount it before {@link #handler(SessionHandler)}.
     */
    public SessionHandler sessionHandler(SessionStore store) {
        return configure(SessionHandler.create(store));
    }

    private SessionHandler configure(SessionHandler sessionHandler) {
        CookiePolicy policy = rp.cookiePolicy();
        return sessionHandler
                .setSessionCookieName(SESSION_COOKIE_NAME)
                .setSessionCookiePath(policy.path())
                .setCookieHttpOnlyFlag(policy.httpOnly())
                .setCookieSecureFlag(policy.secure())
                .setCookieSameSite(CookieSameSite.valueOf(policy.sameSite().toUpperCase(Locale.ROOT)))
                .setLazySession(true);
    }

    /**
     * The handler that must run for every request, right after {@code sessionHandler}. The session handler is
     * (re)configured as {@link #sessionHandler(SessionStore)} does; do not change its cookie name afterwards.
     */
    public VertxOidcHandler handler(SessionHandler sessionHandler) {
        return new VertxOidcHandler(rp, configure(sessionHandler), SESSION_COOKIE_NAME);
    }

    /** {@link #mount(Router, SessionStore)} with a {@link LocalSessionStore}: sessions in this JVM only. */
    public VertxOidc mount(Router router) {
        return mount(router, LocalSessionStore.create(vertx));
    }

    /**
     * Mounts the session handler and the oidckit handler for every path: call it before adding the app's routes. In
     * cookie mode ({@code OIDC_SESSION_MODE=cookie}) the session is the request's own cookie and no Vert.x session
     * is used, so only the oidckit handler is mounted and {@code store} is never asked.
     */
    public VertxOidc mount(Router router, SessionStore store) {
        SessionHandler sessionHandler = sessionHandler(store);
        VertxOidcHandler handler = new VertxOidcHandler(rp, sessionHandler, SESSION_COOKIE_NAME);
        if (rp.config().sessionMode() == io.oidckit.OidcConfig.SessionMode.COOKIE) router.route().handler(handler);
        else router.route().handler(sessions(sessionHandler)).handler(handler);
        return this;
    }

    /**
     * {@code sessionHandler} as {@link #mount} runs it, to mount in its place when mounting yourself: not for a
     * bearer request without a session cookie, which is stateless (docs/api-mode.md) and sees {@code ctx.session()}
     * as {@code null}.
     */
    public io.vertx.ext.web.handler.PlatformHandler sessions(SessionHandler sessionHandler) {
        return ctx -> {
            if (!io.oidckit.web.WebRequest.bearer(ctx.request().getHeader("Authorization"))
                    || ctx.request().getCookie(SESSION_COOKIE_NAME) != null) sessionHandler.handle(ctx);
            else ctx.put(VertxWebSession.SESSIONLESS_KEY, Boolean.TRUE).next();
        };
    }

    /** A route handler that lets any signed-in user through; anonymous browsers go into the login flow. */
    public AuthenticationHandler authenticated() {
        return require(Requirement.authenticated());
    }

    /**
     * A route handler for users holding at least one of {@code roles}: others get the 403 page (403 JSON if they ask
     * for JSON), anonymous browsers go into the login flow.
     */
    public AuthenticationHandler requireRole(String... roles) {
        return require(Requirement.anyRole(roles));
    }

    /**
     * A route handler for {@code requirement}, answered exactly like the configured access rules. The helpers are
     * {@link AuthenticationHandler}s, so Vert.x Web accepts them on a route before an {@code AuthorizationHandler}.
     */
    public AuthenticationHandler require(Requirement requirement) {
        Objects.requireNonNull(requirement, "requirement");
        return ctx -> {
            if (!(ctx.get(VertxOidcHandler.HANDLER_KEY) instanceof VertxOidcHandler handler)) {
                ctx.fail(new IllegalStateException("the oidckit handler did not run before this route: call VertxOidc.mount(router) first"));
                return;
            }
            handler.authorize(ctx, requirement);
        };
    }

    /**
     * The provider (id {@code oidckit}) of the signed-in user's roles as {@code RoleBasedAuthorization}s, for
     * {@code AuthorizationHandler.create(RoleBasedAuthorization.create("admin")).addAuthorizationProvider(…)}. The
     * user this adapter sets already carries them; the provider restores them where a session store dropped them.
     */
    public AuthorizationProvider authorizationProvider() {
        return VertxUsers.PROVIDER;
    }

    /** The signed-in user of this request, as the core knows it; empty for anonymous requests. */
    public static Optional<OidcUser> user(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(VertxOidcHandler.USER_KEY));
    }

    /**
     * Completes, never failing, once the provider has been asked for its metadata and the login path's code is
     * loaded, off the event loops. A server may listen before; waiting (in a verticle's start) spares the first
     * login a cold start on an event loop.
     */
    public Future<Void> ready() {
        return ready;
    }

    public RelyingParty relyingParty() {
        return rp;
    }
}
