package io.oidckit.bench.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.vertx.VertxOidc;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;

/**
 * The oidckit Vert.x adapter as adapter-vertx's {@code VertxTckApp} sets it up (a local session store, the
 * adapter's session handler then its handler, {@code p/**} protected by the configured rules), except that the two
 * handlers are mounted on {@code /auth/*}, {@code /p/*} and {@code /pub/*} only ({@code VertxOidc.sessionHandler}, {@code VertxOidc.sessions} +
 * {@code VertxOidc.handler}, the adapter's API for mounting them yourself) instead of every path, so that
 * {@code /open/hello} has no sign-in machinery in front of it.
 */
public final class VertxBenchApp implements BenchApp {
    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            VertxOidc oidc = VertxOidc.create(vertx, config);
            VertxServer.await(oidc.ready());
            Router router = Router.router(vertx);
            SessionHandler sessions = oidc.sessionHandler(LocalSessionStore.create(vertx));
            // As VertxOidc.mount does: in cookie mode no Vert.x session, so no SessionHandler in front.
            if (config.sessionMode() == OidcConfig.SessionMode.COOKIE) {
                router.routeWithRegex("^/(auth|p|pub)/.*").handler(oidc.handler(sessions));
            } else {
                router.routeWithRegex("^/(auth|p|pub)/.*").handler(oidc.sessions(sessions)).handler(oidc.handler(sessions));
            }
            VertxServer.helloRoutes(router);
            return VertxServer.listen(vertx, router, port);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }
}
