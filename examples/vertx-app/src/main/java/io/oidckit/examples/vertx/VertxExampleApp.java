package io.oidckit.examples.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.examples.ExampleSettings;
import io.oidckit.vertx.VertxOidc;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.SessionStore;

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

    /**
     * Starts the app with the process's environment. A misconfiguration, a {@code PORT} that is not a port number
     * or a port that is taken: one line per problem on stderr, exit code 2.
     */
    public static void main(String[] args) throws Exception {
        VertxExampleApp app = ExampleSettings.startOrExit(() -> start(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "Vert.x 5 Web (listening on " + app.host + ":" + app.settings.port() + ")");
        // Vert.x's threads keep the JVM running until it is stopped.
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST}, and the
     * {@code OIDC_*} settings. {@code HOST} defaults to 127.0.0.1 with the development provider (which is
     * loopback-only) and to 0.0.0.0, Vert.x's own default, with a real provider.
     *
     * @throws io.oidckit.OidcConfigException with every configuration problem, one line each
     * @throws ExampleSettings.PortException when {@code PORT} is not a port number or the port is taken; nothing is
     *         left running then
     */
    public static VertxExampleApp start(Map<String, String> env) throws Exception {
        ExampleSettings settings = ExampleSettings.from(env, "0.0.0.0");
        Vertx vertx = null;
        try {
            OidcConfig config = settings.config();
            String host = settings.host();
            vertx = Vertx.vertx();
            VertxOidc oidc = VertxOidc.create(vertx, config);
            int port = settings.port();
            String base = config.basePath();
            // One store for every verticle instance; without REDIS_URL each SessionHandler keeps sessions in memory.
            SessionStore store = settings.redisUrl() == null ? null : RedisSessions.store(vertx, settings.redisUrl());
            Future<String> deployed = vertx.deployVerticle(() -> new DemoVerticle(oidc, base, host, port, store),
                    new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
            deployed.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new VertxExampleApp(vertx, settings, config, host);
        } catch (Exception | Error e) {
            if (vertx != null) closeQuietly(vertx);
            settings.close();
            ExampleSettings.PortException port = settings.portProblem(e);
            if (port != null) throw port;
            throw e;
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        }
    }

    /** The port the app listens on. */
    public int port() {
        return settings.port();
    }

    @Override
    public void close() {
        try {
            closeQuietly(vertx);
        } finally {
            settings.close();
        }
    }
}
