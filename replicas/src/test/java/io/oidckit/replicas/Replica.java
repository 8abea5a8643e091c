package io.oidckit.replicas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One replica: an example's fat jar in its own JVM on a fixed loopback port, configured only by environment
 * variables. {@link #kill()} ends it as a crash would; {@link #start()} starts it again on the same port, which is
 * the one nginx knows.
 */
final class Replica implements AutoCloseable {
    /** Spring Boot on 2 busy cores, two at once, is the slowest; far beyond any healthy start. */
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String name;
    private final Path jar;
    private final int port;
    private final String basePath;
    private final Map<String, String> env;
    private final Path log;
    private RigProcess process;

    /** {@code env}: everything but {@code PORT} and {@code HOST}, which are the replica's own. */
    Replica(String name, Path jar, int port, String basePath, Map<String, String> env) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.basePath = basePath;
        this.env = Map.copyOf(env);
        this.log = RigSettings.logDir().resolve(name + ".log");
    }

    /** Starts the JVM; {@link #awaitReady()} waits for it. */
    void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is already running");
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        all.put("HOST", "127.0.0.1");
        // C1 only and the serial collector: two JVMs start at once on 2 shared cores, and serve a few hundred
        // requests; peak throughput does not matter here.
        List<String> cmd = List.of(RigSettings.java().toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString());
        process = RigProcess.start(name, cmd, all, RigSettings.buildDir(), log);
    }

    /** Ready means the public home page answers 200 on the replica itself: routes, filters and sessions in place. */
    void awaitReady() {
        long end = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer yet";
        URI home = URI.create("http://127.0.0.1:" + port + basePath);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up" + System.lineSeparator() + tail(40));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(home).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
                last = "home answered " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            RigProcess.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready after " + STARTUP.toSeconds() + " s (" + last + ")"
                + System.lineSeparator() + tail(40));
    }

    /** Ends the JVM at once (SIGKILL): no shutdown hook, no goodbye to Redis or nginx. */
    void kill() {
        process.kill();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM's process id; unchanged as long as the replica was not restarted. */
    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** As nginx names it in {@code $upstream_addr}. */
    String upstream() {
        return "127.0.0.1:" + port;
    }

    String tail(int lines) {
        return RigProcess.tail(name, log, lines);
    }

    /** Asks the JVM to stop and returns at once, so several replicas shut down side by side before {@link #close}. */
    void requestStop() {
        if (process != null) process.requestStop();
    }

    @Override
    public void close() {
        if (process != null) process.close();
    }

    @Override
    public String toString() {
        return name + " at " + upstream();
    }
}
