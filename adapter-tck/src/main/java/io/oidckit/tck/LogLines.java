package io.oidckit.tck;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log lines a test caused, as a JUnit extension: every message of a java.util.logging logger (the core's
 * {@code System.Logger} ends there unless the application routes it elsewhere) that starts with a code, collected
 * from the start of each test to its end.
 *
 * <pre>{@code
 * @RegisterExtension
 * final LogLines warnings = LogLines.startingWith("io.oidckit", "OIDC104");
 * ...
 * assertEquals(List.of(), warnings.lines());
 * }</pre>
 */
public final class LogLines implements BeforeEachCallback, AfterEachCallback {
    private final String loggerName;
    private final String prefix;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().startsWith(prefix)) lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** Held while the test runs, so the logger (and the handler on it) is not collected. */
    private Logger logger;

    private LogLines(String loggerName, String prefix) {
        this.loggerName = loggerName;
        this.prefix = prefix;
    }

    /** Messages of {@code loggerName} (and its children) that start with {@code prefix}, for example a code. */
    public static LogLines startingWith(String loggerName, String prefix) {
        return new LogLines(loggerName, prefix);
    }

    /** What was logged so far in this test, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
    }
}
