package io.oidckit.tck;

import io.oidckit.testprovider.Endpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kit's cases for a provider in trouble (docs/contract.md "Error answers"): down while the app starts, stalled
 * during a login, answering garbage. The app keeps serving, and login answers 503 or 502 instead of hanging or
 * failing with a 500.
 */
public interface ProviderTroubleCases extends KitContext {

    @Test
    @DisplayName("provider trouble: a provider that is down at start-up does not stop the app: home answers 200, login 503, and login works once it is back")
    default void providerDownAtStartUp() throws Exception {
        provider().down();
        try (App other = startApp(c -> c)) {
            TckBrowser b = other.browser();
            assertEquals(200, b.get(path("")).status());
            assertErrorPage(b.get(path("auth/login")), 503);
            provider().up();
            assertEquals(302, b.login(path("auth/login")).status());
            assertEquals(200, b.get(path("api/me")).status());
        } finally {
            provider().up();
        }
    }

    @Test
    @DisplayName("provider trouble: a stalled provider gives 503 within the timeout while other requests are still served within 1 s")
    default void providerStalled() throws Exception {
        TckBrowser signedIn = signedInAs("alice");
        TckBrowser b = browser();
        String back = b.authorize(b.startLogin(path("auth/login"), null));
        int tokenCallsBefore = provider().calls(Endpoint.TOKEN);
        provider().stall(Endpoint.TOKEN, Duration.ofSeconds(20));
        CompletableFuture<TckBrowser.Response> stalled = CompletableFuture.supplyAsync(() -> b.get(back));
        // Bounded wait until the stalled login's token call has reached the provider, so it is in flight now.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (provider().calls(Endpoint.TOKEN) == tokenCallsBefore) {
            if (System.nanoTime() > deadline) fail("the callback never called the token endpoint");
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        TckBrowser.Response home = browser().get(path(""));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, home.status());
        assertTrue(millis < 1000, "a public page took " + millis + " ms while a login waited for the provider");
        assertEquals(200, signedIn.get(path("profile")).status());
        TckBrowser.Response r = stalled.get(15, TimeUnit.SECONDS);
        assertErrorPage(r, 503);
        assertAnonymous(b);
    }

    @Test
    @DisplayName("provider trouble: a malformed token answer is a 502")
    default void providerMalformedTokenAnswer() {
        TckBrowser b = browser();
        String back = b.authorize(b.startLogin(path("auth/login"), null));
        provider().respond(Endpoint.TOKEN, 200, "application/json", "{oops");
        assertErrorPage(b.get(back), 502);
        assertAnonymous(b);
    }
}
