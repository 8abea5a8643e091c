package io.oidckit.vertx;

import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A stalled token endpoint")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertxStalledProviderTest {
    /** More hanging callbacks than the shared instance has event loops (2 per core). */
    private static final int HANGING = 2 * Runtime.getRuntime().availableProcessors() * 2;
    private static final long PROMPT_MS = 500;

    private TestProvider provider;
    private TckApp app;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        int port = AdapterCompatibilityKit.freePort();
        app = VertxTckApp.start(AdapterCompatibilityKit.config(provider, port).build(), port);
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        provider.close();
        BlockedThreadWatch.assertNone();
    }

    @Test
    @DisplayName("holds up no other request: home and a signed-in profile answer promptly while callbacks hang")
    void othersServedPromptly() throws Exception {
        provider.loginAs("alice");
        TckBrowser alice = new TckBrowser(base);
        assertEquals(302, alice.login("/auth/login").status());

        List<TckBrowser> browsers = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        for (int i = 0; i < HANGING; i++) {
            TckBrowser b = new TckBrowser(base);
            callbacks.add(b.authorize(b.startLogin("/auth/login", null)));
            browsers.add(b);
        }
        provider.stall(Endpoint.TOKEN, Duration.ofSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(HANGING);
        try {
            long started = System.nanoTime();
            List<Future<TckBrowser.Response>> hanging = new ArrayList<>();
            for (int i = 0; i < HANGING; i++) {
                TckBrowser b = browsers.get(i);
                String back = callbacks.get(i);
                hanging.add(pool.submit(() -> b.get(back)));
            }
            Thread.sleep(300);
            for (int round = 0; round < 5; round++) {
                assertPrompt(new TckBrowser(base), "/", "Please log in");
                assertPrompt(alice, "/profile", "name=Alice Admin");
                assertPrompt(alice, "/api/me", "\"sub\":\"alice\"");
            }
            assertTrue(hanging.stream().noneMatch(Future::isDone), "the callbacks should still hang");
            for (Future<TckBrowser.Response> f : hanging) {
                TckBrowser.Response r = f.get(15, TimeUnit.SECONDS);
                assertEquals(503, r.status(), r.body());
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs >= 1500, "the callbacks waited for the 2 s provider timeout, not less: " + tookMs);
        } finally {
            pool.shutdownNow();
            provider.reset();
        }
    }

    private static void assertPrompt(TckBrowser b, String path, String expected) {
        long t = System.nanoTime();
        TckBrowser.Response r = b.get(path);
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertEquals(200, r.status(), path);
        assertTrue(r.body().contains(expected), r.body());
        assertFalse(ms > PROMPT_MS, path + " took " + ms + " ms while callbacks hang");
    }
}
