package io.oidckit.vertx;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The blocked-thread watch")
class BlockedThreadWatchSelfTest {

    @Test
    @DisplayName("sees the warning when an event loop of a separate Vert.x instance is blocked on purpose")
    void seesABlockedEventLoop() throws Exception {
        List<String> seen = BlockedThreadWatch.capturing(() -> {
            Vertx other = TestVertx.tight();
            try {
                CompletableFuture<Void> done = new CompletableFuture<>();
                other.runOnContext(v -> {
                    try {
                        Thread.sleep(6 * TestVertx.LIMIT_MS); // exactly what the adapter must never do
                        done.complete(null);
                    } catch (InterruptedException e) {
                        done.completeExceptionally(e);
                    }
                });
                done.get(10, TimeUnit.SECONDS);
            } finally {
                TestVertx.await(other.close());
            }
        });
        assertTrue(seen.stream().anyMatch(m -> m.contains("has been blocked")), "no warning captured: " + seen);
    }

    @Test
    @DisplayName("leaves out only a JVM reading a class at its first use, never a block in code above the JDK")
    void classLoading() {
        StackTraceElement read = new StackTraceElement("java.io.RandomAccessFile", "readBytes", null, -2);
        StackTraceElement load = new StackTraceElement("jdk.internal.loader.BuiltinClassLoader", "loadClass", null, 639);
        StackTraceElement cookie = new StackTraceElement("io.netty.handler.codec.http.cookie.DefaultCookie", "setPath", null, 91);
        StackTraceElement sleep = new StackTraceElement("java.lang.Thread", "sleep", null, -2);
        StackTraceElement ours = new StackTraceElement("io.oidckit.vertx.VertxOidcHandler", "handle", null, 60);
        assertTrue(BlockedThreadWatch.loadingAClass(new StackTraceElement[] {read, load, cookie, ours}));
        assertFalse(BlockedThreadWatch.loadingAClass(new StackTraceElement[] {sleep, ours}));
        assertFalse(BlockedThreadWatch.loadingAClass(new StackTraceElement[] {sleep, ours, load}), "a load below the block");
    }
}
