package io.oidckit.bench.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.testprovider.TestProvider;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.OAuth2AuthHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;

/**
 * Vert.x's own OpenID Connect support on the same app and handler as {@link VertxBenchApp}: an {@link OAuth2Auth}
 * from {@link OpenIDConnectAuth#discover} against the test provider's issuer (client id and secret), a
 * {@link SessionHandler} on a local store, and an {@link OAuth2AuthHandler} (scope {@code openid}, PKCE because the
 * provider requires it, callback {@code /auth/callback}) protecting {@code /p/*}. As in the oidckit app, the
 * session handler runs on {@code /auth/*} and {@code /p/*} only; {@code /open/hello} has nothing in front of it.
 */
public final class VertxOAuth2BenchApp implements BenchApp {
    @Override
    public String name() {
        return "vertx-oauth2";
    }

    @Override
    public String nativeOf() {
        return "vertx";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            OAuth2Options options = new OAuth2Options()
                    .setClientId(TestProvider.CLIENT_ID)
                    .setClientSecret(TestProvider.CLIENT_SECRET)
                    .setSite(provider.issuer());
            OAuth2Auth oauth2 = VertxServer.await(OpenIDConnectAuth.discover(vertx, options));
            Router router = Router.router(vertx);
            SessionHandler sessions = SessionHandler.create(LocalSessionStore.create(vertx));
            router.routeWithRegex("^/(auth|p)/.*").handler(sessions);
            OAuth2AuthHandler login = OAuth2AuthHandler.create(vertx, oauth2, "http://127.0.0.1:" + port + "/auth/callback")
                    .withScope("openid")
                    .pkceVerifierLength(64)
                    .setupCallback(router.get("/auth/callback"));
            router.route("/p/*").handler(login);
            VertxServer.helloRoutes(router);
            return VertxServer.listen(vertx, router, port);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }
}
