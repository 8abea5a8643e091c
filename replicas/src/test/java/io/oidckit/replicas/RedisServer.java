package io.oidckit.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's redis-server on a free loopback port, in a folder of its own, nothing persisted (no RDB snapshots, no
 * append-only file): a restart comes back empty, as a Redis without persistence does. {@link #stop()} and
 * {@link #start()} restart it on the same port, so the apps' Redis URL stays valid.
 */
final class RedisServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final Path log;
    private RigProcess process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.log = RigSettings.logDir().resolve("redis-" + port + ".log");
    }

    static RedisServer start(Path parent) {
        RigSettings.requireProgram(RigSettings.redisServer(), "redis-server");
        int port = RigProcess.freePort();
        try {
            Files.createDirectories(parent);
            RedisServer redis = new RedisServer(port, Files.createTempDirectory(parent, "redis-" + port + "-"));
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it (again) on its port; returns once it accepts connections. */
    void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException("Redis is already running");
        List<String> cmd = List.of(RigSettings.redisServer().toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                // The log goes to stdout, which RigProcess writes to the log file.
                "--logfile", "",
                "--daemonize", "no");
        process = RigProcess.start("redis-" + port, cmd, Map.of(), dir, log);
        try {
            process.awaitPort(port, STARTUP);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** Stops it (SIGTERM: Redis closes every client connection and exits; nothing is saved). */
    void stop() {
        if (process != null) process.close();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    String tail(int lines) {
        return RigProcess.tail("redis-" + port, log, lines);
    }

    @Override
    public void close() {
        stop();
    }
}
