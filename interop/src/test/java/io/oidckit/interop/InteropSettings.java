package io.oidckit.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the suite needs to know about this machine and this build, read from system properties that the
 * module's failsafe configuration sets (so the tests also run from an IDE when the same properties are given).
 */
final class InteropSettings {
    /** The examples checked when nothing else is asked for: every example app of the repository. */
    static final String ALL_EXAMPLES = "servlet-app,spring-app,micronaut-app,vertx-app";

    private InteropSettings() {
    }

    /** The example apps to check, in order; {@code -Dinterop.examples=servlet-app} narrows it during development. */
    static List<String> examples() {
        String raw = System.getProperty("interop.examples", ALL_EXAMPLES);
        List<String> list = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (list.isEmpty()) {
            // An empty list would make the suite pass while checking nothing.
            throw new IllegalStateException("interop.examples is empty: name at least one example, e.g. servlet-app");
        }
        return list;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("interop.repoRoot", "..")).toAbsolutePath().normalize();
    }

    static Path buildDir() {
        return Path.of(System.getProperty("interop.buildDir", "target")).toAbsolutePath().normalize();
    }

    /** Logs of every process the suite starts: Keycloak, the example apps, chromedriver. */
    static Path logDir() {
        return createDirectories(buildDir().resolve("interop-logs"));
    }

    static Path screenshotDir(String example) {
        return createDirectories(buildDir().resolve("screenshots").resolve(example));
    }

    /** Where {@code mvn -pl examples/X -am package} leaves the runnable jar of example X. */
    static Path exampleJar(String example) {
        return repoRoot().resolve("examples").resolve(example).resolve("target").resolve(example + ".jar");
    }

    static Path realmFile() {
        return Path.of(System.getProperty("interop.realmFile", "keycloak/realm-oidckit.json")).toAbsolutePath();
    }

    static Path keycloakHome() {
        return Path.of(required("interop.keycloak.home")).toAbsolutePath();
    }

    /** Keycloak 26 needs Java 21+; the build itself runs on 17, so Keycloak gets its own JDK. */
    static Path keycloakJavaHome() {
        return Path.of(System.getProperty("interop.keycloak.javaHome", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    }

    /** The example apps run on the JDK that runs the build (Java 17, the project's baseline). */
    static Path appJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path chromium() {
        return Path.of(System.getProperty("interop.chromium", "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty("interop.chromedriver", "/usr/bin/chromedriver"));
    }

    private static String required(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (run the suite through Maven: "
                    + "mvn -B -Pinterop -pl interop verify)");
        }
        return v;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
