package io.oidckit.interop;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One example app, run from its fat jar in its own JVM (the four frameworks would clash on one classpath),
 * configured only through the contract's environment variables, on a free loopback port.
 */
final class ExampleApp implements AutoCloseable {
    /** Spring Boot on 2 busy cores takes the longest; a minute and a half is far beyond any healthy start. */
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);

    private final String name;
    private final ManagedProcess process;
    private final int port;

    private ExampleApp(String name, ManagedProcess process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** A missing jar is a failure that names the example, never a skip: a skipped example proves nothing. */
    static Path requireJar(String name) {
        Path jar = InteropSettings.exampleJar(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("[" + name + "] example jar missing: " + jar
                    + " - build it first: mvn -B -pl examples/" + name + " -am package -DskipTests");
        }
        return jar;
    }

    /**
     * The app against Keycloak, its {@code api/**} also taking Keycloak's access tokens: their audience is the realm's
     * {@link KeycloakServer#API_AUDIENCE}, and Keycloak types them {@code JWT}, not {@code at+jwt}. {@code extra}
     * adds or replaces variables.
     */
    static ExampleApp start(String name, KeycloakServer keycloak, Map<String, String> extra) {
        Path jar = requireJar(name);
        int port = ManagedProcess.freePort();
        String base = "http://localhost:" + port + "/";
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PORT", Integer.toString(port),
                "HOST", "127.0.0.1",
                "OIDC_AUTHORITY", keycloak.issuer(),
                "OIDC_CLIENT_ID", KeycloakServer.CLIENT_ID,
                "OIDC_CLIENT_SECRET", KeycloakServer.CLIENT_SECRET,
                "OIDC_REDIRECT_URI", base + "auth/callback",
                "OIDC_ROLES_CLAIM", "groups",
                "OIDC_API_AUDIENCE", KeycloakServer.API_AUDIENCE,
                "OIDC_API_JWT_TYPES", "at+jwt jwt"));
        env.putAll(extra);
        List<String> cmd = List.of(InteropSettings.appJava().toString(), "-Xmx256m",
                "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString());
        ManagedProcess p = ManagedProcess.start(name, cmd, env, InteropSettings.buildDir(),
                InteropSettings.logDir().resolve(name + ".log"));
        ExampleApp app = new ExampleApp(name, p, port);
        try {
            app.awaitReady();
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return app;
    }

    /** Ready means the public home page answers 200: routes, filter and configuration are all in place. */
    private void awaitReady() {
        TestHttpClient http = new TestHttpClient();
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("[" + name + "] app " + process.exitDescription()
                        + " during start-up" + System.lineSeparator() + process.tail(40));
            }
            try {
                TestHttpClient.Response r = http.get(base());
                if (r.status() == 200) return;
                last = "home answered " + r.status();
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            KeycloakServer.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("[" + name + "] app not ready after " + STARTUP_DEADLINE.toSeconds()
                + " s (" + last + ")" + System.lineSeparator() + process.tail(40));
    }

    String name() {
        return name;
    }

    URI base() {
        return URI.create("http://localhost:" + port + "/");
    }

    URI url(String relative) {
        return base().resolve(relative);
    }

    String logTail() {
        return process.tail(30);
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
