package io.oidckit.replicas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where things are, from the system properties this module's pom sets for Surefire (replicas/pom.xml), with the
 * same defaults for a test started from an IDE in the module's folder.
 */
final class RigSettings {
    private RigSettings() {}

    static Path repoRoot() {
        return Path.of(System.getProperty("replicas.repoRoot", "..")).toAbsolutePath().normalize();
    }

    static Path buildDir() {
        return Path.of(System.getProperty("replicas.buildDir", "target")).toAbsolutePath().normalize();
    }

    /** Every process's log: the module's target/test-logs/replicas/, next to the test JVM's own logs. */
    static Path logDir() {
        return buildDir().resolve("test-logs").resolve("replicas");
    }

    /** The working folders of Redis and nginx (configuration, pid, temp files), kept after the run for reading. */
    static Path workDir() {
        return buildDir().resolve("rig");
    }

    static Path redisServer() {
        return Path.of(System.getProperty("replicas.redisServer", "/usr/bin/redis-server"));
    }

    static Path nginx() {
        return Path.of(System.getProperty("replicas.nginx", "/usr/sbin/nginx"));
    }

    /** The examples to run, by folder name; {@code -Dreplicas.examples=vertx-app} narrows a run. */
    static List<String> examples() {
        return Arrays.stream(System.getProperty("replicas.examples", "servlet-app,spring-app,micronaut-app,vertx-app").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The JVM the tests run on runs the replicas too: the project's Java 17 everywhere. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The fat jar of an example, as its pom packages it. A missing jar is a failure naming the example, never a
     * skip: a skipped example proves nothing.
     */
    static Path exampleJar(String example) {
        Path jar = repoRoot().resolve("examples").resolve(example).resolve("target").resolve(example + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("[" + example + "] example jar missing: " + jar
                    + " - build it first: mvn -B -pl examples/" + example + " -am package -DskipTests");
        }
        return jar;
    }

    /** A program the rig needs; missing, the failure says which package brings it. */
    static Path requireProgram(Path program, String debianPackage) {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " is missing: apt-get install " + debianPackage);
        }
        return program;
    }
}
