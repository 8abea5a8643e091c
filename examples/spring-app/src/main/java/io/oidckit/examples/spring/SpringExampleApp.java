package io.oidckit.examples.spring;

import io.oidckit.OidcConfig;
import io.oidckit.examples.ExampleSettings;
import io.oidckit.web.RelyingParty;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Starts the app with the process's environment. A misconfiguration, a {@code PORT} that is not a port number
     * or a port that is taken: one line per problem on stderr, exit code 2.
     */
    public static void main(String[] args) throws Exception {
        SpringExampleApp app = ExampleSettings.startOrExit(() -> start(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "Spring Boot 4 (Spring MVC 7)");
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST} (default
     * 127.0.0.1, like the development provider; {@code 0.0.0.0} for every interface), the {@code OIDC_*} settings.
     *
     * @throws io.oidckit.OidcConfigException listing every misconfigured setting, before anything starts listening
     * @throws ExampleSettings.PortException when {@code PORT} is not a port number or the port is taken; nothing is
     *         left running then
     */
    public static SpringExampleApp start(Map<String, String> env) {
        ExampleSettings settings = ExampleSettings.from(env);
        try {
            OidcConfig config = settings.config(); // fails fast, one line per problem, before Spring starts
            SpringApplication app = new SpringApplication(DemoApplication.class);
            app.setDefaultProperties(properties(settings, config));
            app.addInitializers(context -> context.getBeanFactory().registerSingleton("oidcConfig", config));
            if (settings.redisUrl() != null) {
                // The adapter takes a RelyingParty bean first; RedisSessions needs its cookie policy for Spring
                // Session's cookie.
                RelyingParty rp = RelyingParty.create(config);
                app.addInitializers(context -> context.getBeanFactory().registerSingleton("oidcRelyingParty", rp));
            }
            return new SpringExampleApp(app.run(), settings, config);
        } catch (RuntimeException | Error e) {
            settings.close();
            ExampleSettings.PortException port = settings.portProblem(e);
            if (port != null) throw port;
            throw e;
        }
    }

    /** What the Redis mode adds; excluded without {@code REDIS_URL}. */
    private static final List<String> REDIS_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
            "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration");

    /**
     * The Boot properties of the demo. Defaults only: the environment, system properties and
     * {@code application.properties} still override them, as in any Boot app.
     */
    private static Map<String, Object> properties(ExampleSettings settings, OidcConfig config) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", settings.port());
        p.put("server.address", settings.host());
        p.put("spring.main.banner-mode", "off");
        p.put("demo.base-path", config.basePath());
        // What Tomcat answers by itself (a request line or header over the limit, a malformed request): the status
        // and a one-line page. With include-stacktrace=never (Boot's default, pinned here) Boot replaces Tomcat's
        // error report valve by one with showReport=false and showServerInfo=false; with any other value Tomcat's
        // own report comes back, with the exception class, its stack trace and "Apache Tomcat/11.0.x".
        p.put("spring.web.error.include-stacktrace", "never");
        p.put("spring.web.error.include-exception", "false");
        p.put("spring.web.error.include-message", "never");
        // Boot's JSON error answers (for example a 405) would echo the request path.
        p.put("spring.web.error.include-path", "never");
        // Tomcat's limits, said out loud: 8 KiB for the request line plus headers (a callback with a 4 KiB code,
        // the longest the contract lets through to the core, fits) and few parameters (the adapter parses the raw
        // query; the demo reads none).
        p.put("server.max-http-request-header-size", "8KB");
        p.put("server.tomcat.max-parameter-count", 100);
        p.put("server.tomcat.max-http-form-post-size", "64KB");
        String redis = settings.redisUrl();
        if (redis == null) {
            // Sessions stay Tomcat's, in memory: Spring Session and Spring Data Redis are on the class path for the
            // Redis mode only.
            p.put("spring.autoconfigure.exclude", String.join(",", REDIS_AUTO_CONFIGURATIONS));
        } else {
            // Spring Session on Redis (RedisSessions): Boot's "default" repository (a hash per session, no keyspace
            // events, so no CONFIG command), saved when the response is committed, before the browser follows a
            // redirect. Short timeouts: a request waits at most 2 s for Redis.
            p.put("spring.data.redis.url", redis);
            p.put("spring.data.redis.timeout", "2s");
            p.put("spring.data.redis.connect-timeout", "2s");
            p.put("spring.session.data.redis.repository-type", "default");
            p.put("spring.session.data.redis.flush-mode", "on-save");
            p.put("spring.data.redis.repositories.enabled", false); // the demo has no Redis repositories to scan for
        }
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
