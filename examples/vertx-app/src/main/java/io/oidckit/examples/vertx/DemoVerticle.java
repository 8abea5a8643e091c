package io.oidckit.examples.vertx;

import io.oidckit.OidcUser;
import io.oidckit.examples.DemoPages;
import io.oidckit.vertx.VertxOidc;
import io.oidckit.web.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * The demo's routes (docs/contract.md): {@code GET B}, {@code B profile}, {@code B admin}, {@code B api/me}. The access
 * rules of {@code ExampleSettings} already protect the last three in the oidckit handler; the route helpers on
 * profile and admin show how a route is protected next to its own handler, and cost nothing more (no I/O).
 */
final class DemoVerticle extends VerticleBase {
    private static final System.Logger LOG = System.getLogger("io.oidckit.examples.vertx");
    private final VertxOidc oidc;
    private final String base;
    private final String host;
    private final int port;
    private final SessionStore store;

    /** {@code store}: where the sessions live; {@code null} for Vert.x's in-memory store of this JVM. */
    DemoVerticle(VertxOidc oidc, String base, String host, int port, SessionStore store) {
        this.oidc = oidc;
        this.base = base;
        this.host = host;
        this.port = port;
        this.store = store;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // The session handler and the oidckit handler, before every route below.
        if (store == null) oidc.mount(router); else oidc.mount(router, store);
        // A session that could not be read or written (Redis down): the core's 503 page, not Vert.x's bare 500.
        router.route().failureHandler(this::storeDown);
        router.get(base).handler(ctx -> html(ctx, DemoPages.home(VertxOidc.user(ctx).orElse(null), base)));
        router.get(base + "profile").handler(oidc.authenticated()).handler(ctx -> html(ctx, DemoPages.profile(user(ctx), base)));
        router.get(base + "admin").handler(oidc.requireRole("admin")).handler(ctx -> html(ctx, DemoPages.admin(user(ctx), base)));
        router.get(base + "api/me").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(DemoPages.apiMe(user(ctx))));
        // Any path no route matches: the core's 404 page with its headers, as in the other examples.
        router.errorHandler(404, this::notFound);
        return vertx.createHttpServer(serverOptions()).requestHandler(router).listen(port, host);
    }

    /**
     * The limits on what a request may carry before the router sees it. Over them, Vert.x answers by itself with
     * the bare status and no body (414 for the request line, 431 for the headers), never naming itself.
     */
    static HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                // Room for a callback URL with a long code: with Vert.x's default of 4096 bytes, such a request
                // line would get Vert.x's own 414 instead of oidckit's answer (the core's 400 page).
                .setMaxInitialLineLength(16 * 1024)
                // Vert.x's default, said out loud: all headers together.
                .setMaxHeaderSize(8 * 1024);
    }

    private void storeDown(RoutingContext ctx) {
        for (Throwable t = ctx.failure(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisSessions.StoreDown) {
                if (ctx.response().headWritten()) break; // too late for a page; Vert.x closes the connection
                LOG.log(System.Logger.Level.WARNING, "answering 503: " + t.getMessage());
                write(ctx, Outcome.errorPage(503, base));
                return;
            }
        }
        ctx.next();
    }

    private void notFound(RoutingContext ctx) {
        write(ctx, DemoPages.notFound(base));
    }

    /** One of the core's fixed pages, whole: its status, every header, its type and its HTML. */
    private static void write(RoutingContext ctx, Outcome.Page page) {
        ctx.response().setStatusCode(page.status());
        page.headers().forEach(ctx.response()::putHeader);
        ctx.response().putHeader("Content-Type", page.contentType()).end(page.html());
    }

    private static OidcUser user(RoutingContext ctx) {
        return VertxOidc.user(ctx).orElseThrow(() -> new IllegalStateException("a protected route ran without a user"));
    }

    private static void html(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
