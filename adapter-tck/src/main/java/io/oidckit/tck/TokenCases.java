package io.oidckit.tck;

import io.oidckit.OidcConfig;
import io.oidckit.testprovider.Endpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for {@code OIDC_KEEP_TOKENS}: the app gets the user's access token in its framework's idiom
 * ({@code B api/token} reads {@code OidcUser.accessToken()}), refreshed when it comes to its end (one refresh call
 * for requests that find it due at once, with the provider rotating refresh tokens and revoking them all when a
 * spent one comes back), and what a refresh that fails does: {@code invalid_grant} or a refreshed ID token of another
 * user ends the session, a provider that is down keeps it until the grace, then protected routes answer 503. Logout
 * revokes the refresh token at the provider (RFC 7009). The provider's access tokens live 2 s here, so a token is
 * due after 1 s (half its life) and expired after 2.
 */
public interface TokenCases extends KitContext {
    Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    /** An app of the adapter under test that keeps tokens, with {@code more} on top. */
    private App keepingTokens(UnaryOperator<OidcConfig.Builder> more) throws Exception {
        // 3 s: due 1 s before its end. The core counts in whole seconds, so a token of 2 s issued at x.99 would be
        // due at once at x+1.00; with 3 s it stays fresh for at least a second after it is issued.
        provider().accessTokenLifetime(Duration.ofSeconds(3));
        return startApp(b -> more.apply(b.keepTokens(true)));
    }

    private TckBrowser signedIn(App app) {
        TckBrowser b = app.browser();
        TckBrowser.Response r = b.login(path("auth/login"));
        assertEquals(302, r.status(), "callback: " + r.body());
        return b;
    }

    /** The access token {@code B api/token} hands the app, checked to be one the provider issued to alice, active. */
    private String token(TckBrowser b) {
        TckBrowser.Response r = b.get(path("api/token"), "Accept", "application/json");
        assertEquals(200, r.status(), r.body());
        Matcher m = TOKEN.matcher(r.body());
        assertTrue(m.find(), "an access token for the app: " + r.body());
        assertEquals("alice", provider().activeAccessToken(m.group(1)), "an active token of alice's: " + r.body());
        return m.group(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("keep tokens: the app gets the user's access token; at its end the next requests refresh it once, with rotation")
    default void refreshedOnce() throws Exception {
        try (App app = keepingTokens(b -> b)) {
            TckBrowser b = signedIn(app);
            String first = token(b);
            assertEquals(first, token(b), "a fresh token is not refreshed");
            assertEquals(0, provider().refreshGrants());
            sleep(2100);
            provider().stall(Endpoint.TOKEN, Duration.ofMillis(300)); // so the requests below find the refresh under way
            List<CompletableFuture<String>> at = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TckBrowser tab = b.copy(); // four tabs of one session, each with the cookies it had
                at.add(CompletableFuture.supplyAsync(() -> token(tab)));
            }
            List<String> tokens = new ArrayList<>();
            for (CompletableFuture<String> f : at) tokens.add(f.get(20, TimeUnit.SECONDS));
            assertEquals(1, provider().refreshGrants(), "one refresh call for four requests at once");
            for (String t : tokens) {
                assertNotEquals(first, t);
                assertEquals(tokens.get(0), t, "every request got the one new token");
            }
            // The rotated refresh token is in the session: the next refresh works with it (a spent one would revoke all).
            TckBrowser later = b.copy();
            assertEquals(tokens.get(0), token(later), "a tab with the old cookie gets the same new token, no call");
            assertEquals(1, provider().refreshGrants());
            sleep(2100);
            assertNotEquals(tokens.get(0), token(later));
            assertEquals(2, provider().refreshGrants());
        }
    }

    @Test
    @DisplayName("keep tokens: invalid_grant (the user signed out at the provider) ends the session")
    default void invalidGrantEnds() throws Exception {
        try (App app = keepingTokens(b -> b)) {
            TckBrowser b = signedIn(app);
            token(b);
            provider().revokeRefreshTokens("alice");
            sleep(2100);
            TckBrowser.Response me = b.get(path("api/me"), "Accept", "application/json");
            assertEquals(401, me.status(), "signed out: " + me.body());
            TckBrowser.Response page = b.get(path("profile"));
            assertEquals(302, page.status());
            assertTrue(page.location().contains("auth/login"), page.location());
        }
    }

    @Test
    @DisplayName("keep tokens: a refresh answer whose ID token names another user (§12.2) ends the session")
    default void refreshedIdTokenOfAnotherUser() throws Exception {
        try (App app = keepingTokens(b -> b)) {
            TckBrowser b = signedIn(app);
            token(b);
            provider().refreshIdToken(c -> c.subject("bob"));
            sleep(2100);
            assertEquals(401, b.get(path("api/me"), "Accept", "application/json").status(), "not bob, not alice: signed out");
        }
    }

    @Test
    @DisplayName("keep tokens: a provider that is down keeps the session with the old token until the grace, then 503")
    default void providerDownGrace() throws Exception {
        try (App app = keepingTokens(b -> b.refreshGrace(Duration.ofSeconds(1)))) {
            TckBrowser b = signedIn(app);
            String old = token(b);
            provider().down();
            sleep(2100);
            TckBrowser.Response kept = b.get(path("api/token"), "Accept", "application/json");
            assertEquals(200, kept.status(), kept.body());
            assertTrue(kept.body().contains(old), "the old token, within the grace: " + kept.body());
            sleep(2000); // expired at 3 s, the grace over at 4
            assertErrorPage(b.get(path("profile")), 503);
            provider().up();
            assertNotEquals(old, token(b), "the provider back: refreshed");
        }
    }

    @Test
    @DisplayName("keep tokens: logout revokes the refresh token at the provider (RFC 7009) and ends every copy of the login")
    default void logoutRevokes() throws Exception {
        try (App app = keepingTokens(b -> b)) {
            TckBrowser b = signedIn(app);
            token(b);
            TckBrowser stolen = b.copy();
            assertEquals(302, b.post(path("auth/logout")).status());
            for (int i = 0; i < 100 && provider().revokedByClient().isEmpty(); i++) sleep(20);
            assertEquals(1, provider().revokedByClient().size(), "one refresh token revoked");
            assertNotNull(provider().revokedByClient().get(0));
            assertEquals(401, b.get(path("api/me"), "Accept", "application/json").status());
            assertEquals(401, stolen.get(path("api/me"), "Accept", "application/json").status(),
                    "a copy of the session's cookies is signed out too");
        }
    }
}
