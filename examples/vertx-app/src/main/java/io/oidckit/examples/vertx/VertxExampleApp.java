package io.oidckit.examples.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.examples.ExampleSettings;
import io.oidckit.vertx.VertxOidc;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo app on Vert.x 5 Web: {@link DemoVerticle} instances (one per core) share one HTTP port and one
 * {@link VertxOidc}. Configured only by the contract's environment variables; with {@code OIDC_AUTHORITY} unset it
 * starts the development provider and signs in against it.
 *
 * <p>Everything that blocks (starting the development provider, reading the configuration) happens here, on the
 * calling thread, before any verticle is deployed: the event loops only ever serve requests.
 */
public final class VertxExampleApp implements AutoCloseable {
    private final Vertx vertx;
    private final ExampleSettings settings;
    private final OidcConfig config;
    private final String host;

    private VertxExampleApp(Vertx vertx, ExampleSettings settings, OidcConfig config, String host) {
        this.vertx = vertx;
        this.settings = settings;
        this.config = config;
        this.host = host;
    }

    public static void main(String[] args) throws Exception {
        VertxExampleApp app;
        try {
            app = start(System.getenv());
        } catch (OidcConfigException e) {
            System.err.println(e.getMessage()); // one line per setting, each naming it
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "Vert.x 5 Web (listening on " + app.host + ":" + app.settings.port() + ")");
        // Vert.x's threads keep the JVM running until it is stopped.
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST}, and the
     * {@code OIDC_*} settings. {@code HOST} defaults to 127.0.0.1 with the development provider (which is
     * loopback-only) and to 0.0.0.0, Vert.x's own default, with a real provider.
     *
     * @throws OidcConfigException with every configuration problem, one line each
     */
    public static VertxExampleApp start(Map<String, String> env) throws Exception {
        ExampleSettings settings = ExampleSettings.from(env);
        Vertx vertx = null;
        try {
            OidcConfig config = settings.config();
            boolean devProvider = isBlank(env.get("OIDC_AUTHORITY"));
            String host = isBlank(env.get("HOST")) ? (devProvider ? "127.0.0.1" : "0.0.0.0") : env.get("HOST").trim();
            vertx = Vertx.vertx();
            VertxOidc oidc = VertxOidc.create(vertx, config);
            int port = settings.port();
            String base = config.basePath();
            Future<String> deployed = vertx.deployVerticle(() -> new DemoVerticle(oidc, base, host, port),
                    new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
            deployed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new VertxExampleApp(vertx, settings, config, host);
        } catch (Exception | Error e) {
            if (vertx != null) vertx.close();
            settings.close();
            throw e;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The port the app listens on. */
    public int port() {
        return settings.port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        } finally {
            settings.close();
        }
    }
}
