package io.oidckit.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak on loopback, started once for the whole suite from the distribution that Maven unpacked into
 * target/, with the realm of {@code keycloak/realm-oidckit.json} imported at start.
 *
 * <p>{@code start-dev} with the in-memory H2 database: nothing survives a run, so every run starts from the realm
 * file alone. It listens on 127.0.0.1 only, and its hostname is fixed to {@code http://localhost:PORT} so the
 * issuer the apps see is the one the browser sees.
 */
final class KeycloakServer implements AutoCloseable {
    static final String REALM = "oidckit";
    static final String CLIENT_ID = "oidckit-demo";
    /** Must equal the client secret in the realm file; a test secret for a loopback-only provider. */
    static final String CLIENT_SECRET = "oidckit-interop-secret";
    static final String ALICE_PASSWORD = "alice-interop-pw";
    static final String BOB_PASSWORD = "bob-interop-pw";
    /** The master realm's temporary administrator (Keycloak's bootstrap admin), for the admin API only. */
    static final String ADMIN_USER = "interop-admin";
    static final String ADMIN_PASSWORD = "interop-admin-pw";
    /** The audience the realm's audience mapper puts into the example client's access tokens. */
    static final String API_AUDIENCE = "oidckit-api";

    /** Covers Quarkus' re-augmentation on a clean build (about a minute on 2 cores) with room to spare. */
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(240);

    private final ManagedProcess process;
    private final int port;

    private KeycloakServer(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static KeycloakServer start() {
        Path home = InteropSettings.keycloakHome();
        Path kcSh = home.resolve("bin").resolve("kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home
                    + " (the maven-dependency-plugin does that in pre-integration-test; run through Maven)");
        }
        Path javaHome = InteropSettings.keycloakJavaHome();
        if (!Files.isExecutable(javaHome.resolve("bin").resolve("java"))) {
            throw new IllegalStateException("Keycloak needs Java 21+, expected a JDK at " + javaHome
                    + " (set -Dinterop.keycloak.javaHome=...)");
        }
        Path realm = InteropSettings.realmFile();
        if (!Files.isRegularFile(realm)) {
            throw new IllegalStateException("realm file missing: " + realm);
        }
        prepareImport(home, realm);
        kcSh.toFile().setExecutable(true); // the zip's unpacking does not always keep the mode

        int port = ManagedProcess.freePort();
        List<String> cmd = List.of(kcSh.toString(), "start-dev",
                "--import-realm",
                "--db=dev-mem",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--hostname=http://localhost:" + port,
                // No admin console or account console: the suite needs neither, and they are less to boot.
                "--features-disabled=admin,account");
        Map<String, String> env = Map.of(
                "JAVA_HOME", javaHome.toString(),
                "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // kc.sh would otherwise size the heap from the machine's RAM; a test realm needs little.
                "JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        ManagedProcess p = ManagedProcess.start("keycloak", cmd, env, home,
                InteropSettings.logDir().resolve("keycloak.log"));
        KeycloakServer server = new KeycloakServer(p, port);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return server;
    }

    /** A fresh data/ directory holding only our realm file, so no earlier run can leak into this one. */
    private static void prepareImport(Path home, Path realm) {
        Path data = home.resolve("data");
        try {
            if (Files.exists(data)) {
                try (Stream<Path> walk = Files.walk(data)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
            Path importDir = Files.createDirectories(data.resolve("import"));
            Files.copy(realm, importDir.resolve("realm-oidckit.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Keycloak's import directory under " + data, e);
        }
    }

    /** Polls the discovery document: it is served only once the realm import has finished. */
    private void awaitReady() {
        TestHttpClient http = new TestHttpClient();
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak " + process.exitDescription() + " before it was ready"
                        + System.lineSeparator() + process.tail(60));
            }
            try {
                TestHttpClient.Response r = http.get(discoveryUri());
                if (r.status() == 200 && r.body().contains("\"issuer\":\"" + issuer() + "\"")) return;
                last = "discovery answered " + r.status();
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("Keycloak not ready after " + STARTUP_DEADLINE.toSeconds() + " s (" + last
                + ")" + System.lineSeparator() + process.tail(60));
    }

    int port() {
        return port;
    }

    String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    URI discoveryUri() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    URI authorizationEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/auth");
    }

    URI endSessionEndpoint() {
        return URI.create(issuer() + "/protocol/openid-connect/logout");
    }

    /**
     * A call of the admin REST API ({@code /admin/realms/oidckit} + {@code path}) as the bootstrap admin, whose token
     * comes from the master realm's {@code admin-cli} client: what an administrator's script would do.
     */
    TestHttpClient.Response admin(String method, String path, String json) {
        TestHttpClient http = new TestHttpClient();
        TestHttpClient.Response t = http.postForm(URI.create("http://localhost:" + port + "/realms/master/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN_USER, "password", ADMIN_PASSWORD));
        if (t.status() != 200) throw new AssertionError("no admin token from Keycloak: " + t);
        @SuppressWarnings("unchecked") Map<String, Object> answer = new org.openqa.selenium.json.Json().toType(t.body(), Map.class);
        return http.sendJson(method, URI.create("http://localhost:" + port + "/admin/realms/" + REALM + path), json,
                "Authorization", "Bearer " + answer.get("access_token"), "Accept", "application/json");
    }

    String logTail() {
        return process.tail(40);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
