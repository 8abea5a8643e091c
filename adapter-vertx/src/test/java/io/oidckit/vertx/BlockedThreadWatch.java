package io.oidckit.vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collects the warnings of Vert.x's blocked-thread checker ("Thread … has been blocked for … ms") from
 * java.util.logging. Vert.x logs through JUL because the build sets {@code vertx.logger-delegate-factory-class-name}
 * (here too, before any Vert.x class logs). Test classes assert at the end that no event loop was blocked.
 */
final class BlockedThreadWatch {
    static final String LOGGER_NAME = "io.vertx.core.impl.BlockedThreadChecker";

    // A strong reference: JUL holds its loggers weakly, and a collected logger would lose the handler.
    private static final Logger LOGGER;
    private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();
    private static volatile List<String> sink = WARNINGS;

    static {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        LOGGER = Logger.getLogger(LOGGER_NAME);
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() < Level.WARNING.intValue()) return;
                if (record.getThrown() != null && loadingAClass(record.getThrown().getStackTrace())) {
                    System.err.println("not counted, a class being loaded: " + describe(record));
                    return;
                }
                sink.add(describe(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private BlockedThreadWatch() {
    }

    /**
     * The thread is inside the JVM loading a class from a jar at its first use: a one-time cost of any JVM app, not a
     * blocking call of the code under test (on a clean CI clone a cookie class took 200 ms to read). Only JDK frames
     * above the load: code of ours or Vert.x's blocking on its own shows at the top of the stack instead.
     */
    static boolean loadingAClass(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun."))) return false;
            if (e.getMethodName().equals("loadClass")) return true;
        }
        return false;
    }

    private static String describe(LogRecord record) {
        StringBuilder b = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
            StackTraceElement[] stack = record.getThrown().getStackTrace();
            for (int i = 0; i < Math.min(stack.length, 40); i++) b.append(System.lineSeparator()).append("    at ").append(stack[i]);
        }
        return b.toString();
    }

    /** Every blocked-thread warning seen so far (outside {@link #capturing}). */
    static List<String> warnings() {
        return List.copyOf(WARNINGS);
    }

    static void assertNone() {
        assertTrue(WARNINGS.isEmpty(), "an event loop was blocked: " + WARNINGS);
    }

    /**
     * Runs {@code action} with the warnings going to a list of its own, for the self-test that blocks a separate
     * Vert.x instance on purpose. Test classes run one after another, so the shared instance is idle meanwhile.
     */
    static synchronized List<String> capturing(ThrowingRunnable action) throws Exception {
        List<String> mine = new CopyOnWriteArrayList<>();
        sink = mine;
        try {
            action.run();
        } finally {
            sink = WARNINGS;
        }
        return new ArrayList<>(mine);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
