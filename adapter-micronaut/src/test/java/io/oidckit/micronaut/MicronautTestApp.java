package io.oidckit.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.oidckit.OidcConfig;
import io.oidckit.tck.TckApp;

import java.util.HashMap;
import java.util.Map;

/**
 * A Micronaut application on Netty at {@code 127.0.0.1:port}, started the plain way (no micronaut-test, which
 * targets JUnit 5). {@code app} picks the test controllers (each has {@code @Requires(property = APP)}).
 */
final class MicronautTestApp implements TckApp {
    static final String APP = "oidckit-test.app";
    /** The base path the test controllers that follow the configuration map their routes below; default {@code /}. */
    static final String BASE_PATH = "oidckit-test.base-path";
    private final ApplicationContext context;

    private MicronautTestApp(ApplicationContext context) {
        this.context = context;
    }

    /** With {@code config} as the application's {@link OidcConfig} bean, or {@code null} to bind {@code oidckit.*}. */
    static MicronautTestApp start(String app, OidcConfig config, int port, Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", port);
        p.put(APP, app);
        // Micronaut Security is on the test classpath for MicronautSecurityTest; elsewhere it stays out of the way.
        p.put("micronaut.security.enabled", false);
        if (config != null && config.sessionMode() == io.oidckit.OidcConfig.SessionMode.COOKIE) p.put("micronaut.session.filter.enabled", false);
        p.putAll(properties);
        var builder = ApplicationContext.builder().properties(p).deduceEnvironment(false);
        if (config != null) builder.singletons(config);
        ApplicationContext context = builder.start();
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return new MicronautTestApp(context);
    }

    ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.getBean(EmbeddedServer.class).stop();
        context.close();
    }
}
