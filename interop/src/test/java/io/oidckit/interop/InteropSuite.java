package io.oidckit.interop;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one Keycloak and one process per example app across every test class of the run, and stops them all at
 * the end: when JUnit closes its root store, or, should the JVM be ended early, from a shutdown hook.
 *
 * <p>A start that failed is remembered and rethrown, so a broken Keycloak costs its deadline once, not once per
 * test.
 */
final class InteropSuite implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(InteropSuite.class);

    private static KeycloakServer keycloak;
    private static RuntimeException keycloakFailure;
    private static final Map<String, ExampleApp> APPS = new LinkedHashMap<>();
    private static final Map<String, RuntimeException> APP_FAILURES = new LinkedHashMap<>();
    private static boolean hookAdded;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NS).computeIfAbsent(Stopper.class, k -> {
            // Once per run: screenshots of an earlier run must not pass for this run's evidence.
            deleteTree(InteropSettings.buildDir().resolve("screenshots"));
            return new Stopper();
        }, Stopper.class);
        addShutdownHookOnce();
    }

    private static void deleteTree(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir)) return;
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not clear " + dir, e);
        }
    }

    static synchronized KeycloakServer keycloak() {
        if (keycloakFailure != null) throw new IllegalStateException("Keycloak did not start (see the first failure)",
                keycloakFailure);
        if (keycloak == null) {
            addShutdownHookOnce();
            try {
                keycloak = KeycloakServer.start();
            } catch (RuntimeException e) {
                keycloakFailure = e;
                throw e;
            }
        }
        return keycloak;
    }

    static ExampleApp app(String name) {
        return app(name, Map.of());
    }

    /** The example started once per set of {@code extra} variables, shared by the tests that ask for the same. */
    static synchronized ExampleApp app(String name, Map<String, String> extra) {
        String key = extra.isEmpty() ? name : name + new java.util.TreeMap<>(extra);
        RuntimeException failed = APP_FAILURES.get(key);
        if (failed != null) throw new IllegalStateException(failed.getMessage(), failed);
        ExampleApp app = APPS.get(key);
        if (app == null) {
            try {
                // Checked before Keycloak starts, so a missing build fails in a second, not after a minute.
                ExampleApp.requireJar(name);
                app = ExampleApp.start(name, keycloak(), extra);
            } catch (RuntimeException e) {
                APP_FAILURES.put(key, e);
                throw e;
            }
            APPS.put(key, app);
        }
        return app;
    }

    /** The end of the example's log and of Keycloak's log: what a failure message shows after its headline. */
    static String evidence(String example) {
        java.nio.file.Path logs = InteropSettings.logDir();
        return ManagedProcess.tail(logs.resolve(example + ".log"), 25) + System.lineSeparator()
                + ManagedProcess.tail(logs.resolve("keycloak.log"), 15);
    }

    /** Apps first (they may still talk to Keycloak while shutting down), Keycloak last. */
    static synchronized void stopAll() {
        List<ExampleApp> apps = new ArrayList<>(APPS.values());
        APPS.clear();
        for (ExampleApp app : apps) {
            try {
                app.close();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + app + ": " + e);
            }
        }
        if (keycloak != null) {
            keycloak.close();
            keycloak = null;
        }
    }

    private static synchronized void addShutdownHookOnce() {
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(InteropSuite::stopAll, "interop-stop-processes"));
            hookAdded = true;
        }
    }

    /** Lives in JUnit's root store, which is closed once, after the last test of the run. */
    private static final class Stopper implements AutoCloseable {
        @Override
        public void close() {
            stopAll();
        }
    }
}
