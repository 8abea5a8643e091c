package io.oidckit.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One process this rig started (redis-server, nginx, a replica's JVM), its output in a log file, stopped by its own
 * handle: asked first ({@link Process#destroy}), forced after a bounded wait. Nothing else is ever stopped.
 *
 * <p>Every live one is also known to a JVM shutdown hook, which ends it forcibly should the test JVM exit with it
 * still running (Surefire's fork timeout, a crash in a lifecycle method), so no process outlives the build.
 */
final class RigProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "replicas-rig-cleanup"));
    }

    /** Polite first: a JVM runs its shutdown hooks, nginx and Redis close their sockets. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path log;

    private RigProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code log}, with the inherited
     * environment minus what could configure a child behind the rig's back (the contract's variables, JVM options),
     * plus {@code env}.
     */
    static RigProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> childEnv = pb.environment();
        childEnv.keySet().removeIf(k -> k.startsWith("OIDC_") || k.equals("URL_BASE_PATHNAME") || k.equals("PORT")
                || k.equals("HOST") || k.equals("REDIS_URL") || k.equals("JAVA_OPTS") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        childEnv.putAll(env);
        pb.redirectErrorStream(true);
        try {
            Files.createDirectories(log.getParent());
            // Appended: a process restarted on the same port (Redis, a replica) keeps one log with both lives.
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process p = pb.start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return new RigProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * Waits until something accepts connections on {@code 127.0.0.1:port}, at most {@code deadline}; fails at once,
     * with the log's tail, should the process exit first.
     */
    void awaitPort(int port, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "nothing listening yet";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before listening on port " + port + System.lineSeparator() + tail(30));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(POLL);
        }
        throw new IllegalStateException(name + " not listening on port " + port + " after " + deadline.toSeconds()
                + " s (" + last + ")" + System.lineSeparator() + tail(30));
    }

    /** The last lines of the log: why a process failed is nearly always at its end. */
    String tail(int lines) {
        return tail(name, log, lines);
    }

    static String tail(String name, Path log, int lines) {
        try {
            if (!Files.exists(log)) return "(" + name + ": no log at " + log + ")";
            // Lenient: a log cut in the middle of a character must not hide the failure being reported.
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return "---- " + name + ": last " + last.size() + " lines of " + log + " ----" + System.lineSeparator()
                    + String.join(System.lineSeparator(), last);
        } catch (IOException | UncheckedIOException e) {
            return "(" + name + ": could not read " + log + ": " + e + ")";
        }
    }

    /** Ends the process at once (SIGKILL), as a crash would, and waits for it to be gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(KILL_WAIT);
    }

    /** Asks the process to stop (SIGTERM) and returns at once; {@link #close()} then waits for it. */
    void requestStop() {
        process.destroy();
    }

    /** Asks the process to stop, waits a bounded time, then forces it. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        if (!awaitExit(STOP_GRACE)) {
            process.destroyForcibly();
            awaitExit(KILL_WAIT);
        }
    }

    private boolean awaitExit(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /**
     * A port that was free a moment ago on loopback. The race with other processes is accepted: the process then
     * fails to listen, which {@link #awaitPort} reports with its log; nothing hangs.
     */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
