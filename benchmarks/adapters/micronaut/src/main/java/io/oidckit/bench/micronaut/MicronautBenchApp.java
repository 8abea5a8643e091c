package io.oidckit.bench.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.testprovider.TestProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * The oidckit Micronaut adapter on Micronaut's Netty server, started as adapter-micronaut's {@code MicronautTestApp}
 * does (plain {@code ApplicationContext}, the harness's {@link OidcConfig} as a singleton, {@code p/**} protected by
 * its rules). The adapter's filter and micronaut-session's filter both match every path by default; here they are
 * limited to {@code /auth/**}, {@code /p/**} and {@code /pub/**} ({@code io.oidckit.micronaut.BenchScopedOidcFilter}
 * and micronaut-session's {@code micronaut.session.filter.regex-pattern}), so {@code /open/hello} has no sign-in
 * machinery in front of it, as in the other apps.
 */
public final class MicronautBenchApp implements BenchApp {
    static final String APP = "oidckit-bench.app";

    @Override
    public String name() {
        return "micronaut";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        return start(config, port, true);
    }

    /** {@code scopeSession}: micronaut-session's filter on the sign-in paths only, else on every path (its default). */
    public static Running start(OidcConfig config, int port, boolean scopeSession) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", port);
        p.put(APP, "bench");
        p.put("micronaut.security.enabled", false);
        if (scopeSession) p.put("micronaut.session.filter.regex-pattern", "^/(auth|p|pub)/.*$");
        // Cookie mode keeps no server-side session: micronaut-session's filter has nothing to do (adapter README).
        if (config.sessionMode() == OidcConfig.SessionMode.COOKIE) p.put("micronaut.session.filter.enabled", false);
        ApplicationContext context = ApplicationContext.builder().properties(p).deduceEnvironment(false)
                .singletons(config).start();
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return () -> {
            context.getBean(EmbeddedServer.class).stop();
            context.close();
        };
    }
}
