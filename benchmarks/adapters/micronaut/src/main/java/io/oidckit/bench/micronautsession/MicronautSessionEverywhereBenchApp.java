package io.oidckit.bench.micronautsession;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.bench.micronaut.MicronautBenchApp;
import io.oidckit.testprovider.TestProvider;

/**
 * {@link MicronautBenchApp} (in its own package, because the harness groups apps by package) with micronaut-session's filter left at its default, in front of every path, as in a
 * Micronaut app that uses sessions at all (the adapter requires micronaut-session). So {@code /open/hello} has the
 * session filter in front of it and nothing of oidckit, and protected vs unprotected is oidckit's own cost in such an
 * app; {@link MicronautBenchApp} measures it against a route with nothing in front.
 */
public final class MicronautSessionEverywhereBenchApp implements BenchApp {
    @Override
    public String name() {
        return "micronautsession";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        return MicronautBenchApp.start(config, port, false);
    }
}
