package io.oidckit.micronaut;

import io.oidckit.tck.AdapterCompatibilityKit;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event loop is never blocked by the provider. The app runs with ONE Netty event-loop thread, so a single blocking
 * wait anywhere in the request path would stall every other request: 50 browsers return from the provider at once
 * while its token endpoint hangs, and the home page and a signed-in profile page must still answer promptly.
 */
@DisplayName("The Micronaut adapter never blocks the event loop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicronautNonBlockingTest {
    static final int BROWSERS = 50;
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(4);
    static final long PROMPT_MILLIS = 1000;

    TestProvider provider;
    MicronautTestApp app;
    int port;
    ExecutorService pool;

    @BeforeAll
    void start() throws Exception {
        provider = TestProvider.start();
        port = AdapterCompatibilityKit.freePort();
        app = MicronautTestApp.start("tck", AdapterCompatibilityKit.config(provider, port)
                        .responseTimeout(PROVIDER_TIMEOUT).build(), port,
                Map.of("micronaut.server.netty.worker.threads", 1, "micronaut.netty.event-loops.default.num-threads", 1));
        pool = Executors.newFixedThreadPool(BROWSERS);
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        app.close();
        provider.close();
    }

    TckBrowser browser() {
        return new TckBrowser(URI.create("http://127.0.0.1:" + port + "/"));
    }

    @Test
    @DisplayName("50 callbacks wait on a stalled token endpoint while home and profile answer within a second each")
    void stalledTokenEndpoint() throws Exception {
        TckBrowser alice = browser();
        assertEquals(302, alice.login("/auth/login").status());

        List<TckBrowser> browsers = new ArrayList<>();
        List<String> callbacks = new ArrayList<>();
        for (int i = 0; i < BROWSERS; i++) {
            TckBrowser b = browser();
            callbacks.add(b.authorize(b.startLogin("/auth/login", null)));
            browsers.add(b);
        }
        int tokenCallsBefore = provider.calls(Endpoint.TOKEN);
        provider.stall(Endpoint.TOKEN, Duration.ofSeconds(30));

        long started = System.nanoTime();
        List<CompletableFuture<TckBrowser.Response>> pending = new ArrayList<>();
        for (int i = 0; i < BROWSERS; i++) {
            TckBrowser b = browsers.get(i);
            String callback = callbacks.get(i);
            pending.add(CompletableFuture.supplyAsync(() -> b.get(callback), pool));
        }

        // All 50 reach the provider at once: with one event-loop thread that is only possible if none of them waits on it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (provider.calls(Endpoint.TOKEN) - tokenCallsBefore < BROWSERS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(BROWSERS, provider.calls(Endpoint.TOKEN) - tokenCallsBefore, "token requests in flight");

        for (int probe = 0; probe < 5; probe++) {
            long t0 = System.nanoTime();
            TckBrowser.Response home = browser().get("/");
            long homeMillis = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            TckBrowser.Response profile = alice.get("/profile");
            long profileMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, home.status());
            assertEquals(200, profile.status());
            assertTrue(profile.body().contains("Alice Admin"), profile.body());
            assertTrue(homeMillis < PROMPT_MILLIS, "home took " + homeMillis + " ms");
            assertTrue(profileMillis < PROMPT_MILLIS, "profile took " + profileMillis + " ms");
            assertFalse(pending.stream().anyMatch(CompletableFuture::isDone), "the callbacks must still be waiting");
            Thread.sleep(100);
        }

        // Then the provider's timeout ends every callback with the contract's 503, and nobody is signed in.
        for (CompletableFuture<TckBrowser.Response> f : pending) {
            TckBrowser.Response r = f.get(PROVIDER_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            assertEquals(503, r.status(), r.body());
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= PROVIDER_TIMEOUT.toMillis() - 200, "ended by the timeout, after " + elapsedMillis + " ms");
        for (TckBrowser b : browsers) {
            assertEquals(401, b.get("/api/me").status());
        }
        provider.reset();
        assertEquals(302, browser().login("/auth/login").status(), "logins work again once the provider answers");
    }
}
