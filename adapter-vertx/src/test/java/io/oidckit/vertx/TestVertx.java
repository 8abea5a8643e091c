package io.oidckit.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The one Vert.x instance of the adapter's tests, with the blocked-thread checker set tight: it checks every
 * 100 ms and warns about any event-loop task that runs longer than 100 ms. {@link BlockedThreadWatch} collects the
 * warnings, and every test class fails if there was one.
 */
final class TestVertx {
    static final long LIMIT_MS = 100;
    private static Vertx shared;

    private TestVertx() {
    }

    static synchronized Vertx shared() {
        if (shared == null) shared = tight();
        return shared;
    }

    static Vertx tight() {
        BlockedThreadWatch.warnings(); // installs the JUL capture before Vert.x creates its loggers
        // Some test routes answer with a JsonObject: load Vert.x's Jackson codec here, on the test thread, so its
        // first use on an event loop does not spend the 100 ms reading classes from jars on a busy machine.
        new JsonObject().put("warm", true).encode();
        return Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(LIMIT_MS)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(LIMIT_MS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                // The warning then carries the blocked thread's stack, which names the culprit.
                .setWarningExceptionTime(LIMIT_MS)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    }

    /** Waits for a Vert.x future from a test thread (never from an event loop), bounded. */
    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
