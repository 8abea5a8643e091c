package io.oidckit;

import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import io.oidckit.web.SessionChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code OIDC_KEEP_TOKENS} in the core: the access token handed to the app, refreshed (once) when it comes to its
 * end, and what a refresh that fails does to the session. The relying party's clock moves; the provider's tokens
 * carry its real lifetimes, so a moved clock is the token's end as the relying party sees it.
 */
@DisplayName("Tokens for the app and refresh")
class RefreshTest extends WithTestProvider {
    Fixtures.MovableClock clock;
    RelyingParty rp;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
        rp = Fixtures.rp(Fixtures.config(provider).keepTokens(true).protect("profile").build(), clock);
    }

    private Browser signedIn() {
        Browser b = new Browser(rp);
        assertTrue(b.login() instanceof Outcome.Redirect);
        return b;
    }

    private static OidcUser user(Outcome o) {
        assertTrue(o instanceof Outcome.Continue, "continues: " + o);
        return ((Outcome.Continue) o).user();
    }

    @Test
    @DisplayName("the app gets the user's access token, its expiry and scopes; none without OIDC_KEEP_TOKENS")
    void tokenForTheApp() {
        OidcUser u = user(signedIn().get("/profile"));
        assertEquals("alice", provider.activeAccessToken(u.accessToken()), "a token the provider issued to alice");
        assertTrue(u.accessTokenExpiresAt() > u.accessTokenIssuedAt());
        assertTrue(u.scopes().contains("openid"), u.scopes().toString());
        assertFalse(u.toString().contains(u.accessToken()), "never in toString");

        RelyingParty plain = Fixtures.rp(Fixtures.config(provider).protect("profile").build(), clock);
        Browser b = new Browser(plain);
        b.login();
        assertNull(user(b.get("/profile")).accessToken());
        assertNull(b.session.get(SessionKeys.REFRESH), "no refresh token kept");
    }

    @Test
    @DisplayName("a token within the clock skew of its expiry is refreshed first, once; a fresh one is never")
    void refreshesWhenDue() {
        provider.accessTokenLifetime(Duration.ofSeconds(100)); // due at 50 s (half its life, shorter than the skew)
        Browser b = signedIn();
        String first = user(b.get("/profile")).accessToken();
        clock.advance(Duration.ofSeconds(40));
        assertEquals(first, user(b.get("/profile")).accessToken(), "40 s of 100: still fresh");
        assertEquals(0, provider.refreshGrants());
        clock.advance(Duration.ofSeconds(20)); // 60 s
        String second = user(b.get("/profile")).accessToken();
        assertNotEquals(first, second);
        assertEquals("alice", provider.activeAccessToken(second));
        assertEquals(1, provider.refreshGrants());
        assertEquals(second, user(b.get("/profile")).accessToken(), "the new token is kept");
        assertEquals(1, provider.refreshGrants());
        // Rotation: the session now holds the new refresh token, and the next refresh works with it.
        clock.advance(Duration.ofSeconds(60));
        assertNotEquals(second, user(b.get("/")).accessToken(), "public routes get a fresh token too");
        assertEquals(2, provider.refreshGrants());
    }

    @Test
    @DisplayName("two requests with the same old refresh token at once: one refresh call, both get the new token")
    void singleFlight() throws Exception {
        Browser a = signedIn();
        Browser copy = new Browser(rp); // a second tab of a cookie session: the same state, read before either refresh
        copy.session.attributes.putAll(a.session.attributes);
        copy.session.exists = true;
        java.util.Map<String, String> before = new java.util.HashMap<>(a.session.attributes);
        clock.advance(Duration.ofSeconds(290));
        provider.stall(Endpoint.TOKEN, Duration.ofMillis(300));
        CompletableFuture<Outcome> one = rp.handle(a.request("GET", "/profile"), a.session).toCompletableFuture();
        CompletableFuture<Outcome> two = rp.handle(copy.request("GET", "/profile"), copy.session).toCompletableFuture();
        String t1 = user(one.get(10, TimeUnit.SECONDS)).accessToken();
        String t2 = user(two.get(10, TimeUnit.SECONDS)).accessToken();
        assertEquals(t1, t2);
        assertEquals(1, provider.refreshGrants());
        // Later still with the old refresh token (a tab that never got the answer): the kept answer, and no call
        // that would spend a rotated token and make the provider revoke them all.
        Browser late = new Browser(rp);
        late.session.attributes.putAll(before);
        late.session.exists = true;
        assertEquals(t1, user(late.get("/profile")).accessToken());
        assertEquals(1, provider.refreshGrants());
        assertEquals("alice", provider.activeAccessToken(t1));
    }

    @Test
    @DisplayName("invalid_grant ends the session: the next protected request starts a login")
    void invalidGrantEnds() {
        Browser b = signedIn();
        provider.revokeRefreshTokens("alice");
        clock.advance(Duration.ofSeconds(290));
        Outcome o = b.get("/profile");
        assertTrue(o instanceof Outcome.Redirect r && r.location().contains("auth/login"), o.toString());
        assertEquals(SessionChange.SIGNED_OUT, o.session());
        assertNull(b.session.get(SessionKeys.USER));
        assertNull(b.session.get(SessionKeys.REFRESH));
    }

    @Test
    @DisplayName("a refreshed ID token of another sub is refused (§12.2) and ends the session")
    void refreshedIdTokenOtherSub() {
        Browser b = signedIn();
        provider.refreshIdToken(c -> c.subject("mallory"));
        clock.advance(Duration.ofSeconds(290));
        assertTrue(b.get("/profile") instanceof Outcome.Redirect);
        assertNull(b.session.get(SessionKeys.USER));
    }

    @Test
    @DisplayName("a refreshed ID token with another auth_time is refused (§12.2) and ends the session")
    void refreshedIdTokenAuthTime() {
        Browser b = signedIn();
        provider.refreshIdToken(c -> c.claim("auth_time", java.time.Instant.now().getEpochSecond() - 600));
        clock.advance(Duration.ofSeconds(290));
        assertTrue(b.get("/profile") instanceof Outcome.Redirect);
        assertNull(b.session.get(SessionKeys.USER));
    }

    @Test
    @DisplayName("a refreshed ID token with another nonce is refused; one without nonce or ID token is fine")
    void refreshedIdTokenNonce() {
        provider.accessTokenLifetime(Duration.ofSeconds(100)); // due at 50 s, well within the ID tokens' lifetime
        Browser b = signedIn();
        provider.refreshIdToken(c -> null);
        clock.advance(Duration.ofSeconds(60));
        assertNotNull(user(b.get("/profile")).accessToken(), "no ID token in the answer: fine (§12.2)");
        provider.refreshIdToken(c -> c);
        clock.advance(Duration.ofSeconds(60));
        assertNotNull(user(b.get("/profile")).accessToken(), "one with the login's sid and auth_time and no nonce: fine");
        provider.refreshIdToken(c -> c.claim("nonce", "another"));
        clock.advance(Duration.ofSeconds(60));
        assertTrue(b.get("/profile") instanceof Outcome.Redirect, "another nonce: refused");
    }

    @Test
    @DisplayName("a provider that is down keeps the session with the old token until OIDC_REFRESH_GRACE, then 503")
    void providerDownGrace() {
        rp = Fixtures.rp(Fixtures.config(provider).keepTokens(true).refreshGrace(Duration.ofSeconds(30)).protect("profile").build(), clock);
        provider.accessTokenLifetime(Duration.ofSeconds(100));
        Browser b = signedIn();
        String old = user(b.get("/profile")).accessToken();
        provider.down();
        clock.advance(Duration.ofSeconds(110));
        assertEquals(old, user(b.get("/profile")).accessToken(), "expired, but kept within the grace");
        clock.advance(Duration.ofSeconds(30));
        Outcome o = b.get("/profile");
        assertTrue(o instanceof Outcome.Page p && p.status() == 503, o.toString());
        assertEquals(old, user(b.get("/")).accessToken(), "a public route goes on");
        provider.up();
        clock.advance(Duration.ofSeconds(2)); // past the retry back-off
        assertNotEquals(old, user(b.get("/profile")).accessToken(), "back: refreshed");
    }

    @Test
    @DisplayName("without a refresh token the session ends with its access token")
    void noRefreshToken() {
        Browser b = signedIn();
        b.session.remove(SessionKeys.REFRESH);
        clock.advance(Duration.ofSeconds(250));
        assertNotNull(user(b.get("/profile")).accessToken(), "due but not expired: kept");
        clock.advance(Duration.ofSeconds(60));
        assertTrue(b.get("/profile") instanceof Outcome.Redirect, "expired: signed out");
        assertEquals(0, provider.refreshGrants());
    }

    @Test
    @DisplayName("logout ends every copy of the login and revokes the refresh token at the revocation endpoint (RFC 7009)")
    void logoutRevokes() throws Exception {
        Browser b = signedIn();
        Browser copy = new Browser(rp); // a copy of the session, as a stolen or second-tab cookie would be
        copy.session.attributes.putAll(b.session.attributes);
        copy.session.exists = true;
        String stored = b.session.get(SessionKeys.REFRESH);
        b.get("/auth/logout");
        assertTrue(copy.get("/profile") instanceof Outcome.Redirect, "the logout's revocation ends every copy of the login");
        for (int i = 0; i < 100 && provider.revokedByClient().isEmpty(); i++) Thread.sleep(20);
        assertEquals(1, provider.revokedByClient().size());
        assertTrue(stored.contains(provider.revokedByClient().get(0)), "the session's refresh token");
    }

    @Test
    @DisplayName("two relying parties of one app (OIDC_REDIS_URL) refreshing the same session at once: one refresh call")
    void sharedAmongReplicas() throws Exception {
        OidcConfig shared = Fixtures.config(provider).keepTokens(true).protect("profile")
                .set(io.oidckit.settings.Setting.OIDC_REDIS_URL, "redis://refresh-" + System.nanoTime() + ":6379").build();
        RelyingParty a = Fixtures.rp(shared, clock), b = Fixtures.rp(shared, clock);
        provider.accessTokenLifetime(Duration.ofSeconds(100)); // due at 50 s; the provider's ID tokens live longer
        Browser onA = new Browser(a);
        onA.login();
        Browser onB = new Browser(b); // the same cookie session, arriving at the other replica
        onB.session.attributes.putAll(onA.session.attributes);
        onB.session.exists = true;
        clock.advance(Duration.ofSeconds(60));
        provider.stall(Endpoint.TOKEN, Duration.ofMillis(300));
        int claimed = InProcessChannel.CLAIMED.get();
        CompletableFuture<Outcome> one = a.handle(onA.request("GET", "/profile"), onA.session).toCompletableFuture();
        CompletableFuture<Outcome> two = b.handle(onB.request("GET", "/profile"), onB.session).toCompletableFuture();
        String t1 = user(one.get(10, TimeUnit.SECONDS)).accessToken();
        String t2 = user(two.get(10, TimeUnit.SECONDS)).accessToken();
        assertEquals(t1, t2, "the replica without the lock gets the other's answer");
        assertEquals(1, provider.refreshGrants());
        assertEquals(claimed + 1, InProcessChannel.CLAIMED.get(), "one lock taken");
        assertEquals("alice", provider.activeAccessToken(t1));
        assertEquals(onA.session.get(SessionKeys.REFRESH), onB.session.get(SessionKeys.REFRESH), "both hold the rotated token");
        // The rotated token refreshes again (it was not spent twice, which would have revoked the family).
        clock.advance(Duration.ofSeconds(60));
        assertNotEquals(t1, user(onB.get("/profile")).accessToken());
        assertEquals(2, provider.refreshGrants());
    }

    @Test
    @DisplayName("the replicas' store down: the refresh is made on this replica alone, the user is not kept waiting")
    void sharedStoreDown() {
        OidcConfig shared = Fixtures.config(provider).keepTokens(true).protect("profile")
                .set(io.oidckit.settings.Setting.OIDC_REDIS_URL, "redis://refresh-" + System.nanoTime() + ":6379").build();
        RelyingParty a = Fixtures.rp(shared, clock);
        Browser b = new Browser(a);
        b.login();
        String old = user(b.get("/profile")).accessToken();
        clock.advance(Duration.ofSeconds(290));
        InProcessChannel.down = true;
        try {
            assertNotEquals(old, user(b.get("/profile")).accessToken());
            assertEquals(1, provider.refreshGrants());
        } finally {
            InProcessChannel.down = false;
        }
    }

    @Test
    @DisplayName("offline_access is asked for only when OIDC_SCOPE lists it, OIDC_KEEP_TOKENS or not")
    void offlineAccessOnlyWhenConfigured() {
        Outcome plain = new Browser(rp).get("/auth/login");
        assertTrue(plain instanceof Outcome.Redirect r && r.location().contains("scope=openid")
                && !r.location().contains("offline_access"), plain.toString());
        RelyingParty offline = Fixtures.rp(Fixtures.config(provider).keepTokens(true).scope("openid profile offline_access").build(), clock);
        Outcome asked = new Browser(offline).get("/auth/login");
        assertTrue(asked instanceof Outcome.Redirect r && r.location().contains("offline_access"), asked.toString());
    }

    @Test
    @DisplayName("an answer in the replicas' store that does not open is never a reason to spend the refresh token again")
    void sharedAnswerThatDoesNotOpen() {
        OidcConfig shared = Fixtures.config(provider).keepTokens(true).protect("profile")
                .set(io.oidckit.settings.Setting.OIDC_REDIS_URL, "redis://refresh-" + System.nanoTime() + ":6379").build();
        RelyingParty a = Fixtures.rp(shared, clock), b = Fixtures.rp(shared, clock);
        provider.accessTokenLifetime(Duration.ofSeconds(100));
        Browser onA = new Browser(a);
        onA.login();
        Browser onB = new Browser(b); // the same session, read by the other replica before the refresh wrote it
        onB.session.attributes.putAll(onA.session.attributes);
        onB.session.exists = true;
        String old = user(onB.get("/profile")).accessToken();
        clock.advance(Duration.ofSeconds(60));
        assertNotEquals(old, user(onA.get("/profile")).accessToken());
        assertEquals(1, provider.refreshGrants());
        InProcessChannel.tamper(":answer", "not-a-sealed-answer");
        assertEquals(old, user(onB.get("/profile")).accessToken(), "kept with the old token, within the grace");
        assertEquals(1, provider.refreshGrants(), "the old refresh token was not spent a second time");
    }
}
