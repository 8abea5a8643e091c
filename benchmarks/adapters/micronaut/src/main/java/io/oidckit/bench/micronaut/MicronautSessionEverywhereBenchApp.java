package io.oidckit.bench.micronaut;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.testprovider.TestProvider;

/**
 * {@link MicronautBenchApp} with micronaut-session's filter left at its default, in front of every path, as in a
 * Micronaut app that uses sessions at all (the adapter requires micronaut-session). So {@code /open/hello} has the
 * session filter in front of it and nothing of oidckit, and protected vs unprotected is oidckit's own cost in such an
 * app; {@link MicronautBenchApp} measures it against a route with nothing in front.
 */
public final class MicronautSessionEverywhereBenchApp implements BenchApp {
    @Override
    public String name() {
        return "micronaut-session-everywhere";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        return MicronautBenchApp.start(config, port, false);
    }
}
