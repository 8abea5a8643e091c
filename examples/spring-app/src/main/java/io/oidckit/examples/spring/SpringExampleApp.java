package io.oidckit.examples.spring;

import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.examples.ExampleSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo app on Spring Boot 4: the Spring adapter's auto-configuration does sign-in and route protection, the
 * {@link DemoController} only renders pages. The contract's environment variables configure it; with
 * {@code OIDC_AUTHORITY} unset it starts the development provider and signs in against it.
 *
 * <p>The configuration reaches the adapter as an {@link OidcConfig} bean, the first source the adapter looks for:
 * exactly what {@link ExampleSettings} built from the environment (the development provider's settings filled in,
 * the demo's protected routes), validated before Spring starts. A Boot app of your own would rather set
 * {@code oidckit.*} properties or the {@code OIDC_*} variables; see the adapter's README.
 */
public final class SpringExampleApp implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final ExampleSettings settings;
    private final OidcConfig config;

    private SpringExampleApp(ConfigurableApplicationContext context, ExampleSettings settings, OidcConfig config) {
        this.context = context;
        this.settings = settings;
        this.config = config;
    }

    public static void main(String[] args) {
        SpringExampleApp app;
        try {
            app = start(System.getenv());
        } catch (OidcConfigException e) {
            System.err.println(e.getMessage()); // one line per setting, each naming it
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "Spring Boot 4 (Spring MVC 7)");
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST} (default
     * 127.0.0.1, like the development provider; {@code 0.0.0.0} for every interface), the {@code OIDC_*} settings.
     *
     * @throws OidcConfigException listing every misconfigured setting, before anything starts listening
     */
    public static SpringExampleApp start(Map<String, String> env) {
        ExampleSettings settings = ExampleSettings.from(env);
        try {
            OidcConfig config = settings.config(); // fails fast, one line per problem, before Spring starts
            SpringApplication app = new SpringApplication(DemoApplication.class);
            app.setDefaultProperties(properties(settings, config, env.getOrDefault("HOST", "127.0.0.1")));
            app.addInitializers(context -> context.getBeanFactory().registerSingleton("oidcConfig", config));
            return new SpringExampleApp(app.run(), settings, config);
        } catch (RuntimeException | Error e) {
            settings.close();
            throw e;
        }
    }

    private static Map<String, Object> properties(ExampleSettings settings, OidcConfig config, String host) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", settings.port());
        p.put("server.address", host);
        p.put("spring.main.banner-mode", "off");
        p.put("demo.base-path", config.basePath());
        return p;
    }

    /** The port the server listens on. */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            settings.close();
        }
    }
}
