package io.oidckit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import io.oidckit.web.WebRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-channel and front-channel logout in the core: what ends a login (a logout token by {@code sid} or {@code sub},
 * a front-channel request), every check that refuses one, and the revocation reaching another relying party of the
 * same app through the revocation channel ({@link InProcessChannel} standing in for oidc-redis).
 */
@DisplayName("Logout from the provider (back-channel, front-channel)")
class ProviderLogoutTest extends WithTestProvider {
    Fixtures.MovableClock clock;
    RelyingParty rp;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
        rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
    }

    private Browser signedIn(RelyingParty on, String sub) {
        provider.loginAs(sub);
        Browser b = new Browser(on);
        assertTrue(b.login() instanceof Outcome.Redirect);
        assertTrue(on.currentUser(b.session).isPresent(), "signed in");
        return b;
    }

    private static Outcome post(RelyingParty on, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        WebRequest r = WebRequest.of("POST", "/auth/backchannel-logout", null,
                name -> name.equalsIgnoreCase("Content-Type") ? contentType : null,
                max -> bytes.length > max ? CompletableFuture.failedFuture(new java.io.IOException("large"))
                        : CompletableFuture.completedFuture(bytes));
        return on.handle(r, new Browser.Session()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Outcome backchannel(RelyingParty on, String token) throws Exception {
        return post(on, "application/x-www-form-urlencoded", "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private String token(String sub, String sid, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return provider.logoutToken(edit.apply(provider.logoutTokenClaims(sub, sid)).build());
    }

    private static void assertRefused(Outcome o, String what) {
        assertTrue(o instanceof Outcome.Json j && j.status() == 400 && j.body().contains("invalid_request"), what + ": " + o);
        assertEquals("no-store", o.headers().get("Cache-Control"), what);
    }

    @Test
    @DisplayName("a logout token with a sid ends that login only; one with only a sub ends all of that user's")
    void endsLogins() throws Exception {
        Browser first = signedIn(rp, "alice");
        String sid = provider.sid("alice");
        Browser second = signedIn(rp, "alice");
        Browser bob = signedIn(rp, "bob");
        Outcome ok = backchannel(rp, token("alice", sid, c -> c));
        assertEquals(200, ((Outcome.Answer) ok).status());
        assertEquals("no-store", ok.headers().get("Cache-Control"));
        assertTrue(ok.cookies().isEmpty());
        assertFalse(rp.currentUser(first.session).isPresent(), "that provider session's login ended");
        assertTrue(rp.currentUser(second.session).isPresent(), "another one stays");
        assertEquals(200, ((Outcome.Answer) backchannel(rp, token("alice", null, c -> c))).status());
        assertFalse(rp.currentUser(second.session).isPresent(), "every login of alice ended");
        assertTrue(rp.currentUser(bob.session).isPresent(), "bob stays");
        clock.advance(java.time.Duration.ofSeconds(1));
        assertTrue(rp.currentUser(signedIn(rp, "alice").session).isPresent(), "a login after the logout stays");
    }

    @Test
    @DisplayName("every check of §2.6 refuses the token and ends nothing; a replay is refused")
    void refusesBadTokens() throws Exception {
        Browser b = signedIn(rp, "alice");
        String sid = provider.sid("alice");
        long now = clock.millis() / 1000;
        Map<String, UnaryOperator<JWTClaimsSet.Builder>> edits = new LinkedHashMap<>();
        edits.put("another issuer", c -> c.issuer(provider.issuer() + "/x"));
        edits.put("another audience", c -> c.audience(List.of("other")));
        edits.put("a nonce", c -> c.claim("nonce", "n"));
        edits.put("no events", c -> c.claim("events", null));
        edits.put("another event", c -> c.claim("events", Map.of("urn:other", Map.of())));
        edits.put("an event that is no object", c -> c.claim("events", Map.of(
                "http://schemas.openid.net/event/backchannel-logout", "x")));
        edits.put("no jti", c -> c.jwtID(null));
        edits.put("neither sub nor sid", c -> c.subject(null).claim("sid", null));
        edits.put("a sid that is a number", c -> c.claim("sid", 7));
        edits.put("iat in the future", c -> c.issueTime(new Date((now + 600) * 1000)));
        edits.put("iat too old", c -> c.issueTime(new Date((now - 600) * 1000)));
        edits.put("expired", c -> c.expirationTime(new Date((now - 120) * 1000)));
        for (var e : edits.entrySet()) assertRefused(backchannel(rp, token("alice", sid, e.getValue())), e.getKey());
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(provider.signingKey().getKeyID()).generate();
        JWTClaimsSet claims = provider.logoutTokenClaims("alice", sid).build();
        assertRefused(backchannel(rp, provider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(stranger.getKeyID()).type(new JOSEObjectType("logout+jwt")).build(), claims, stranger)), "another key");
        assertRefused(backchannel(rp, provider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(provider.signingKey().getKeyID()).type(new JOSEObjectType("at+jwt")).build(), claims,
                provider.signingKey())), "typed at+jwt");
        assertTrue(rp.currentUser(b.session).isPresent(), "nothing ended");
        String good = token("alice", sid, c -> c);
        assertRefused(post(rp, "application/json", "logout_token=" + good), "not a form");
        assertRefused(post(rp, "application/x-www-form-urlencoded", "logout_token=" + good + "&logout_token=" + good), "two");
        assertRefused(post(rp, "application/x-www-form-urlencoded", "x=" + "a".repeat(20_000)), "too large");
        assertEquals(200, ((Outcome.Answer) backchannel(rp, good)).status());
        assertRefused(backchannel(rp, good), "replayed");
        assertFalse(rp.currentUser(b.session).isPresent());
    }

    @Test
    @DisplayName("front-channel logout: the provider's iss and a sid end that login, on a page only the provider may frame")
    void frontchannel() {
        Browser b = signedIn(rp, "alice");
        String sid = provider.sid("alice");
        Browser frame = new Browser(rp);
        String iss = URLEncoder.encode(provider.issuer(), StandardCharsets.UTF_8);
        assertEquals(400, ((Outcome.Answer) frame.get("/auth/frontchannel-logout?iss=" + iss)).status());
        assertEquals(400, ((Outcome.Answer) frame.get("/auth/frontchannel-logout?iss=https%3A%2F%2Fx.example&sid=" + sid)).status());
        assertTrue(rp.currentUser(b.session).isPresent());
        Outcome o = frame.get("/auth/frontchannel-logout?iss=" + iss + "&sid=" + sid);
        assertEquals(200, ((Outcome.Answer) o).status());
        String origin = provider.issuer().replaceFirst("^(https?://[^/]+).*$", "$1");
        assertTrue(o.headers().get("Content-Security-Policy").endsWith("frame-ancestors " + origin), o.headers().toString());
        assertFalse(rp.currentUser(b.session).isPresent());
    }

    @Test
    @DisplayName("with OIDC_REDIS_URL, a logout received by one relying party ends the login on another of the same app")
    void sharedThroughTheChannel() throws Exception {
        OidcConfig shared = Fixtures.config(provider).set(io.oidckit.settings.Setting.OIDC_REDIS_URL,
                "redis://shared-" + System.nanoTime() + ":6379").build();
        RelyingParty a = Fixtures.rp(shared, clock), b = Fixtures.rp(shared, clock);
        Browser onB = signedIn(b, "alice");
        Browser unread = signedIn(b, "bob");
        assertEquals(200, ((Outcome.Answer) backchannel(a, token("bob", null, c -> c))).status());
        assertEquals(200, ((Outcome.Answer) backchannel(a, token("alice", provider.sid("alice"), c -> c))).status());
        assertFalse(b.currentUser(onB.session).isPresent(), "the other relying party knows at once");
        RelyingParty late = Fixtures.rp(shared, clock);
        long end = System.nanoTime() + 10_000_000_000L;
        // bob's session was never read since: only the store can have told the late one.
        while (late.currentUser(unread.session).isPresent() && System.nanoTime() < end) Thread.sleep(20);
        assertFalse(late.currentUser(unread.session).isPresent(), "one started later reads it from the store");
    }

    @Test
    @DisplayName("the store down: health says degraded (OIDC602), the logout still ends the session here; back: up again")
    void healthWhileTheStoreIsDown() throws Exception {
        OidcConfig shared = Fixtures.config(provider).set(io.oidckit.settings.Setting.OIDC_REDIS_URL,
                "redis://health-" + System.nanoTime() + ":6379").build();
        RelyingParty a = Fixtures.rp(shared, clock);
        assertEquals(io.oidckit.web.Health.Status.UP, a.health().status());
        Browser onA = signedIn(a, "alice");
        InProcessChannel.down = true;
        try {
            assertEquals(200, ((Outcome.Answer) backchannel(a, token("alice", provider.sid("alice"), c -> c))).status());
            assertFalse(a.currentUser(onA.session).isPresent(), "applied here at once");
            io.oidckit.web.Health h = a.health();
            assertEquals(io.oidckit.web.Health.Status.DEGRADED, h.status());
            assertTrue(h.problems().get(0).startsWith("OIDC602 "), h.toString());
        } finally {
            InProcessChannel.down = false;
        }
        long end = System.nanoTime() + 15_000_000_000L; // the next sync, at most 5 s away
        while (a.health().status() != io.oidckit.web.Health.Status.UP && System.nanoTime() < end) Thread.sleep(50);
        assertEquals(io.oidckit.web.Health.Status.UP, a.health().status());
        assertEquals(io.oidckit.web.Health.Status.UP, Fixtures.rp(Fixtures.config(provider).build(), clock).health().status(),
                "without OIDC_REDIS_URL: nothing to be degraded by");
    }

    @Test
    @DisplayName("a replica holding 100,000 revocations refuses a front-channel logout (OIDC703) and forgets none; a signed one is still taken")
    void fullOfRevocations() throws Exception {
        Browser alice = signedIn(rp, "alice");
        Browser frame = new Browser(rp);
        String iss = URLEncoder.encode(provider.issuer(), StandardCharsets.UTF_8);
        for (int i = 0; i < io.oidckit.internal.sessions.Revocations.LIMIT; i++) {
            Outcome o = rp.handle(frame.request("GET", "/auth/frontchannel-logout?iss=" + iss + "&sid=gone-" + i),
                    new Browser.Session()).toCompletableFuture().get();
            if (!(o instanceof Outcome.Answer a) || a.status() != 200) throw new AssertionError("revocation " + i + ": " + o);
        }
        Outcome refused = frame.get("/auth/frontchannel-logout?iss=" + iss + "&sid=" + provider.sid("alice"));
        assertTrue(refused instanceof Outcome.Page p && p.status() == 503, refused.toString());
        assertTrue(rp.currentUser(alice.session).isPresent(), "refused: alice's login goes on");
        assertEquals(200, ((Outcome.Answer) backchannel(rp, token("alice", provider.sid("alice"), c -> c))).status());
        assertFalse(rp.currentUser(alice.session).isPresent(), "the signed back-channel logout is taken");
    }

    @Test
    @DisplayName("a logout token's jti is remembered per issuer; one posted again, even with another sid, is a replay")
    void jtiRemembered() throws Exception {
        Browser alice = signedIn(rp, "alice");
        String sid = provider.sid("alice");
        String first = token("bob", null, c -> c.jwtID("the-jti"));
        assertEquals(200, ((Outcome.Answer) backchannel(rp, first)).status());
        assertRefused(backchannel(rp, first), "the same token again");
        assertRefused(backchannel(rp, token("alice", sid, c -> c.jwtID("the-jti"))), "another token with the same jti");
        assertTrue(rp.currentUser(alice.session).isPresent(), "a replayed jti ends nothing");
    }

    @Test
    @DisplayName("the configured rule and the route's own requirement judge one read of the session: a logout between them cannot turn a JSON 401 into a redirect")
    void oneReadForRuleAndRoute() throws Exception {
        // api/** a JSON rule of the session (the fixtures'), and one that takes a bearer token too.
        RelyingParty bearerOrSession = Fixtures.rp(Fixtures.bare(provider)
                .set(io.oidckit.settings.Setting.OIDC_API_AUDIENCE, io.oidckit.testprovider.TestProvider.API_AUDIENCE)
                .protect("api/**", Requirement.authenticated().asApi().proved(Requirement.Credential.BEARER_OR_SESSION)).build(), clock);
        for (RelyingParty api : java.util.List.of(rp, bearerOrSession)) {
            Browser b = signedIn(api, "alice");
            String user = b.session.get(io.oidckit.internal.sessions.SessionKeys.USER);
            // The session as a replica sees it while a logout lands: the user there at the first read, gone after it.
            io.oidckit.web.WebSession racing = new io.oidckit.web.WebSession() {
                boolean read;
                public String get(String key) {
                    if (!key.equals(io.oidckit.internal.sessions.SessionKeys.USER)) return null;
                    if (read) return null;
                    read = true;
                    return user;
                }
                public void put(String key, String value) { }
                public void remove(String key) { }
                public void renewId() { }
                public void invalidate() { }
            };
            Outcome o = api.handle(b.request("GET", "/api/me"), racing, Requirement.authenticated()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(o instanceof Outcome.Continue c && c.user() != null, "both requirements judged the user of the one read: " + o);
        }
    }
}
