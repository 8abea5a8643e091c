package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckPages;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.sstore.SessionStore;

import java.util.function.Consumer;

/** The kit's minimal app on Vert.x Web: the four routes below the configured base path, behind {@link VertxOidc#mount}. */
final class VertxTckApp {
    private VertxTckApp() {
    }

    static TckApp start(OidcConfig config, int port) throws Exception {
        return start(VertxOidc.create(TestVertx.shared(), config), null, port, r -> { });
    }

    /** With a given session store ({@code null}: local) and extra routes added after the kit's four. */
    static TckApp start(VertxOidc oidc, SessionStore store, int port, Consumer<Router> extra) throws Exception {
        Vertx vertx = TestVertx.shared();
        TestVertx.await(oidc.ready()); // the first login then finds the login path's classes loaded
        Router router = Router.router(vertx);
        if (store == null) oidc.mount(router);
        else oidc.mount(router, store);
        String b = oidc.relyingParty().config().basePath(); // the routes live below B, as the kit asks
        router.get(b).handler(ctx -> html(ctx, TckPages.home(VertxOidc.user(ctx).orElse(null), b)));
        router.get(b + "profile").handler(ctx -> html(ctx, TckPages.profile(signedIn(ctx))));
        router.get(b + "admin").handler(ctx -> html(ctx, TckPages.admin(signedIn(ctx))));
        router.get(b + "api/me").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(TckPages.apiMe(signedIn(ctx))));
        router.get(b + "api/token").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(TckPages.apiToken(signedIn(ctx))));
        extra.accept(router);
        // The README's server options: Vert.x's default 4096-byte request line would answer a callback carrying a
        // long code with its own 414 before oidckit sees it; with room to spare, the core answers (docs/contract.md: 400).
        HttpServerOptions options = new HttpServerOptions().setMaxInitialLineLength(16 * 1024);
        HttpServer server = TestVertx.await(vertx.createHttpServer(options).requestHandler(router).listen(port, "127.0.0.1"));
        return () -> TestVertx.await(server.close());
    }

    static OidcUser signedIn(RoutingContext ctx) {
        return VertxOidc.user(ctx).orElseThrow(() -> new IllegalStateException("a protected route ran without a user"));
    }

    static void html(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(body);
    }
}
