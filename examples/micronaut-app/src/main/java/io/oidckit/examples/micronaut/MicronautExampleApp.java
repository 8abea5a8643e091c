package io.oidckit.examples.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.oidckit.OidcConfig;
import io.oidckit.examples.ExampleSettings;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The demo app on Micronaut 4 (Netty): the oidckit Micronaut adapter signs users in and protects the demo's routes,
 * {@link DemoController} renders the pages. Configured only by the contract's environment variables; with
 * {@code OIDC_AUTHORITY} unset it starts the development provider and signs in against it.
 */
public final class MicronautExampleApp implements AutoCloseable {
    /** Where {@link DemoController} takes its base path from. */
    static final String BASE_PATH_PROPERTY = "oidckit-example.base-path";

    private final ApplicationContext context;
    private final ExampleSettings settings;
    private final OidcConfig config;

    private MicronautExampleApp(ApplicationContext context, ExampleSettings settings, OidcConfig config) {
        this.context = context;
        this.settings = settings;
        this.config = config;
    }

    /**
     * Starts the app with the process's environment. A misconfiguration, a {@code PORT} that is not a port number
     * or a port that is taken: one line per problem on stderr, exit code 2.
     */
    public static void main(String[] args) throws Exception {
        MicronautExampleApp app = ExampleSettings.startOrExit(() -> start(System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        app.settings.printBanner(app.config, "Micronaut 4 (Netty)");
        stopped.await();
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST} (default
     * 127.0.0.1, like the development provider, which only ever listens on loopback), and the contract's
     * {@code OIDC_*} variables and {@code URL_BASE_PATHNAME}.
     *
     * @throws io.oidckit.OidcConfigException listing every misconfigured setting
     * @throws ExampleSettings.PortException when {@code PORT} is not a port number or the port is taken; nothing is
     *         left running then
     */
    public static MicronautExampleApp start(Map<String, String> env) {
        ExampleSettings settings = ExampleSettings.from(env);
        try {
            // The demo's rules come with the configuration, so the oidckit.* properties are not needed here.
            OidcConfig config = settings.config();
            Map<String, Object> properties = new HashMap<>();
            properties.put("micronaut.server.port", settings.port());
            properties.put("micronaut.server.host", settings.host());
            properties.put(BASE_PATH_PROPERTY, config.basePath());
            // What Netty refuses before any filter runs: headers over 8 KiB (Micronaut's default, said out loud)
            // and bodies over 64 KiB (the demo takes none; Micronaut's default is 10 MiB). The request line is
            // left to the adapter, which raises Netty's 4 KiB to 32 KiB so that a callback with over-long
            // parameters reaches the core (its 400 page). Micronaut's answer to all of these is the bare status
            // (BareErrorResponses).
            properties.put("micronaut.server.netty.max-header-size", 8 * 1024);
            properties.put("micronaut.server.max-request-size", 64 * 1024);
            // Sessions in Redis (RedisSessions) or, without REDIS_URL, micronaut-session's in-memory store.
            if (settings.redisUrl() != null) properties.putAll(RedisSessions.properties(settings.redisUrl()));
            // Cookie mode keeps no server-side session: micronaut-session's filter would only look for one.
            if (config.sessionMode() == OidcConfig.SessionMode.COOKIE) properties.put("micronaut.session.filter.enabled", false);
            ApplicationContext context = ApplicationContext.builder()
                    .properties(properties)
                    .singletons(config)
                    .deduceEnvironment(false)
                    .start();
            try {
                context.getBean(EmbeddedServer.class).start();
            } catch (RuntimeException | Error e) {
                context.close();
                throw e;
            }
            return new MicronautExampleApp(context, settings, config);
        } catch (RuntimeException | Error e) {
            settings.close();
            ExampleSettings.PortException port = settings.portProblem(e);
            if (port != null) throw port;
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return context.getBean(EmbeddedServer.class).getPort();
    }

    @Override
    public void close() {
        try {
            if (context.isRunning()) {
                context.getBean(EmbeddedServer.class).stop();
                context.close();
            }
        } finally {
            settings.close();
        }
    }
}
