package io.oidckit.tck;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for logout the provider starts: {@code POST B auth/backchannel-logout} with a logout token
 * (OpenID Connect Back-Channel Logout 1.0) and {@code GET B auth/frontchannel-logout} (Front-Channel Logout 1.0).
 * Each ends the logins of one provider session ({@code sid}) or of one user ({@code sub}) and nothing else; each bad
 * request is refused and ends nothing.
 */
public interface ProviderLogoutCases extends KitContext {

    /** POSTs {@code token} to {@code B auth/backchannel-logout} as the provider does: no cookie, a form. */
    default TckBrowser.Response backchannel(String token) {
        return browser().postBody(path("auth/backchannel-logout"), "application/x-www-form-urlencoded",
                "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** The answer §2.8 prescribes for a bad request: 400, {@code invalid_request} JSON, {@code no-store}. */
    default void assertRefused(TckBrowser.Response r, String what) {
        assertEquals(400, r.status(), what + ": " + r.body());
        assertNoStore(r);
        assertTrue(r.body().contains("\"error\":\"invalid_request\""), what + ": " + r.body());
    }

    @Test
    @DisplayName("back-channel logout: a logout token with a sid ends that provider session's login, and only it")
    default void backchannelBySid() {
        TckBrowser first = signedInAs("alice");
        String sid = provider().sid("alice");
        TckBrowser second = signedInAs("alice");
        TckBrowser.Response r = backchannel(provider().logoutToken(provider().logoutTokenClaims("alice", sid).build()));
        assertEquals(200, r.status(), r.body());
        assertNoStore(r);
        assertTrue(r.setCookies().isEmpty(), "no cookie: " + r.setCookies());
        assertAnonymous(first);
        assertEquals(200, second.get(path("api/me")).status(), "another provider session of alice stays");
        assertTrue(first.get(path("")).body().contains("Please log in"));
    }

    @Test
    @DisplayName("back-channel logout: a logout token with only a sub ends every login of that user, no one else's")
    default void backchannelBySub() throws InterruptedException {
        TckBrowser first = signedInAs("alice");
        TckBrowser second = signedInAs("alice");
        TckBrowser bob = signedInAs("bob");
        assertEquals(200, backchannel(provider().logoutToken(provider().logoutTokenClaims("alice", null).build())).status());
        assertAnonymous(first);
        assertAnonymous(second);
        assertEquals(200, bob.get(path("api/me")).status(), "bob stays signed in");
        // A revocation ends the logins up to its second; a new login after it is the user's new session.
        Thread.sleep(1100);
        TckBrowser again = signedInAs("alice");
        assertEquals(200, again.get(path("api/me")).status(), "a login after the logout stays");
    }

    @Test
    @DisplayName("back-channel logout: the same logout token twice is a replay, refused")
    default void backchannelReplay() {
        signedInAs("alice");
        String token = provider().logoutToken(provider().logoutTokenClaims("alice", provider().sid("alice")).build());
        assertEquals(200, backchannel(token).status());
        assertRefused(backchannel(token), "replayed");
    }

    @Test
    @DisplayName("back-channel logout: a logout token failing any check of §2.6 is refused and ends nothing")
    default void backchannelHostileTokens() throws Exception {
        TckBrowser b = signedInAs("alice");
        String sid = provider().sid("alice");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(provider().signingKey().getKeyID()).generate();
        long now = Instant.now().getEpochSecond();
        Map<String, UnaryOperator<JWTClaimsSet.Builder>> edits = new LinkedHashMap<>();
        edits.put("another issuer", c -> c.issuer(provider().issuer() + "/other"));
        edits.put("another audience", c -> c.audience(List.of("someone-else")));
        edits.put("a nonce", c -> c.claim("nonce", "n-0123456789"));
        edits.put("no events", c -> c.claim("events", null));
        edits.put("events without the logout event", c -> c.claim("events", Map.of("http://example.com/other", Map.of())));
        edits.put("the event not an object", c -> c.claim("events",
                Map.of("http://schemas.openid.net/event/backchannel-logout", "yes")));
        edits.put("no jti", c -> c.jwtID(null));
        edits.put("neither sub nor sid", c -> c.subject(null).claim("sid", null));
        edits.put("a numeric sid", c -> c.claim("sid", 42));
        edits.put("no iat", c -> c.issueTime(null));
        edits.put("an iat in the future", c -> c.issueTime(new Date((now + 600) * 1000)));
        edits.put("an iat ten minutes old", c -> c.issueTime(new Date((now - 600) * 1000)));
        edits.put("an exp in the past", c -> c.expirationTime(new Date((now - 120) * 1000)));
        for (Map.Entry<String, UnaryOperator<JWTClaimsSet.Builder>> e : edits.entrySet()) {
            String token = provider().logoutToken(e.getValue().apply(provider().logoutTokenClaims("alice", sid)).build());
            assertRefused(backchannel(token), e.getKey());
        }
        JWTClaimsSet claims = provider().logoutTokenClaims("alice", sid).build();
        JWSHeader typed = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID())
                .type(new JOSEObjectType("logout+jwt")).build();
        assertRefused(backchannel(provider().sign(typed, claims, stranger)), "signed by another key under the provider's kid");
        JWSHeader accessType = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(provider().signingKey().getKeyID())
                .type(new JOSEObjectType("at+jwt")).build();
        assertRefused(backchannel(provider().sign(accessType, claims, provider().signingKey())), "typed at+jwt");
        String[] parts = provider().logoutToken(claims).split("\\.");
        assertRefused(backchannel("eyJhbGciOiJub25lIn0." + parts[1] + "."), "alg none");
        assertRefused(backchannel("not-a-jwt"), "not a JWT");
        assertEquals(200, b.get(path("api/me")).status(), "still signed in after every refused token");
    }

    @Test
    @DisplayName("back-channel logout: only a POSTed form with one logout_token, at most 16 KiB, is a request")
    default void backchannelMalformedRequests() {
        TckBrowser b = signedInAs("alice");
        String token = provider().logoutToken(provider().logoutTokenClaims("alice", provider().sid("alice")).build());
        String form = "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        TckBrowser api = browser();
        assertRefused(api.get(path("auth/backchannel-logout") + "?" + form), "GET");
        assertRefused(api.postBody(path("auth/backchannel-logout"), "application/json",
                "{\"logout_token\":\"" + token + "\"}"), "JSON");
        assertRefused(api.postBody(path("auth/backchannel-logout"), null, form), "no Content-Type");
        assertRefused(api.postBody(path("auth/backchannel-logout"), "application/x-www-form-urlencoded", ""), "empty");
        assertRefused(api.postBody(path("auth/backchannel-logout"), "application/x-www-form-urlencoded",
                form + "&" + form), "two logout_token");
        assertRefused(api.postBody(path("auth/backchannel-logout"), "application/x-www-form-urlencoded",
                form + "&padding=" + "x".repeat(17 * 1024)), "over 16 KiB");
        assertEquals(200, b.get(path("api/me")).status(), "still signed in");
        // The token itself was fine: sent properly, it works (none of the refused requests used it up).
        assertEquals(200, api.postBody(path("auth/backchannel-logout"),
                "application/x-www-form-urlencoded; charset=UTF-8", form).status());
        assertAnonymous(b);
    }

    @Test
    @DisplayName("front-channel logout: the provider's iss and a sid end that session, on a page only the provider may frame")
    default void frontchannel() {
        TckBrowser first = signedInAs("alice");
        String sid = provider().sid("alice");
        TckBrowser second = signedInAs("alice");
        String iss = URLEncoder.encode(provider().issuer(), StandardCharsets.UTF_8);
        TckBrowser frame = browser();
        assertErrorPage(frame.get(path("auth/frontchannel-logout") + "?iss=" + iss), 400);
        assertErrorPage(frame.get(path("auth/frontchannel-logout") + "?sid=" + sid), 400);
        assertErrorPage(frame.get(path("auth/frontchannel-logout") + "?iss="
                + URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8) + "&sid=" + sid), 400);
        assertEquals(200, first.get(path("api/me")).status(), "refused requests end nothing");
        TckBrowser.Response r = frame.get(path("auth/frontchannel-logout") + "?iss=" + iss + "&sid=" + sid);
        assertEquals(200, r.status(), r.body());
        assertNoStore(r);
        String origin = provider().issuer().replaceFirst("^(https?://[^/]+).*$", "$1");
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors " + origin) && !csp.contains("'none'; frame"), "CSP: " + csp);
        assertTrue(r.setCookies().isEmpty(), "no cookie: " + r.setCookies());
        assertAnonymous(first);
        assertEquals(200, second.get(path("api/me")).status(), "another provider session stays");
    }
}
