package io.oidckit.examples.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
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

    public static void main(String[] args) throws InterruptedException {
        MicronautExampleApp app;
        try {
            app = start(System.getenv());
        } catch (OidcConfigException e) {
            System.err.println(e.getMessage()); // one line per setting, each naming it
            System.exit(2);
            return;
        }
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
     */
    public static MicronautExampleApp start(Map<String, String> env) {
        ExampleSettings settings = ExampleSettings.from(env);
        try {
            // The demo's rules come with the configuration, so the oidckit.* properties are not needed here.
            OidcConfig config = settings.config();
            Map<String, Object> properties = new HashMap<>();
            properties.put("micronaut.server.port", settings.port());
            properties.put("micronaut.server.host", env.getOrDefault("HOST", "127.0.0.1"));
            properties.put(BASE_PATH_PROPERTY, config.basePath());
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
