package io.oidckit.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process with its output in a log file, stopped with bounded waits: first politely (so Keycloak and the
 * apps shut down cleanly), then forcibly, children included, because {@code kc.sh} runs Java as its child.
 */
final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} with the inherited environment minus anything that could configure the child behind
     * our back (OIDC_*, KC_*, ...), plus {@code env}.
     */
    static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(workDir.toFile());
        Map<String, String> childEnv = pb.environment();
        childEnv.keySet().removeIf(k -> k.startsWith("OIDC_") || k.startsWith("KC_") || k.startsWith("KEYCLOAK_")
                || k.equals("URL_BASE_PATHNAME") || k.equals("PORT") || k.equals("HOST")
                || k.equals("JAVA_OPTS") || k.equals("JAVA_OPTS_APPEND") || k.equals("JAVA_TOOL_OPTIONS"));
        childEnv.putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        try {
            return new ManagedProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + String.join(" ", command), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The last lines of the log, for failure messages: the reason a process died is nearly always at the end. */
    String tail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) return "(no log at " + log + ")";
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return "---- last " + last.size() + " lines of " + log + " ----" + System.lineSeparator()
                    + String.join(System.lineSeparator(), last);
        } catch (IOException | UncheckedIOException e) {
            // A log with broken UTF-8 must not hide the real failure.
            return "(could not read " + log + ": " + e + ")";
        }
    }

    String exitDescription() {
        return process.isAlive() ? "still running" : "exited with status " + process.exitValue();
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                // kc.sh forwards TERM to Java and waits; should Java outlive it, it is ended here.
                if (child.isAlive()) {
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // fall through to the forced stop below
        } finally {
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) process.destroyForcibly();
        }
    }

    /**
     * A port that was free a moment ago on loopback. The tiny race with other processes is accepted: the suite
     * then fails with the port named in the child's log, it does not hang.
     */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
