package io.oidckit.tck;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.oidckit.settings.Setting;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for bearer tokens (docs/contract.md, "Bearer routes"; RFC 6750, RFC 9068, RFC 7662): the kit's
 * {@code B api/**} takes a bearer token or the session, with {@code OIDC_API_AUDIENCE} the test provider's
 * {@link TestProvider#API_AUDIENCE}. A token is judged alone, answers are JSON with a {@code WWW-Authenticate:
 * Bearer} challenge, never a redirect, and a bearer request never gets a cookie.
 */
public interface BearerCases extends KitContext {

    /** {@code B api/me} with {@code token} in {@code Authorization: Bearer}. */
    default TckBrowser.Response apiMeWith(String token) {
        return browser().get(path("api/me"), "Authorization", "Bearer " + token);
    }

    /** A JWT access token of alice (typ at+jwt, the API's audience), its claims edited by {@code edit}. */
    default String aliceToken(UnaryOperator<JWTClaimsSet.Builder> edit) {
        return provider().accessToken(edit.apply(provider().accessTokenClaims("alice", "openid orders.read")).build());
    }

    default void assertChallenge(TckBrowser.Response r, int status, String challenge, String error) {
        assertEquals(status, r.status(), r.body());
        assertEquals(challenge, r.header("WWW-Authenticate"));
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals("{\"error\":\"" + error + "\"}", r.body());
        assertEquals(List.of(), r.setCookies(), "a bearer request gets no cookie");
        assertNoStore(r);
    }

    default void assertInvalidToken(TckBrowser.Response r) {
        assertChallenge(r, 401, "Bearer error=\"invalid_token\"", "invalid_token");
    }

    @Test
    @DisplayName("bearer: a valid JWT access token gets api/me as its user, with no cookie and no-store")
    default void bearerValidJwt() {
        TckBrowser.Response r = apiMeWith(aliceToken(c -> c));
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"sub\":\"alice\",\"name\":\"Alice Admin\",\"email\":\"alice@example.com\",\"roles\":[\"admin\"]}", r.body());
        assertEquals(List.of(), r.setCookies(), "a bearer request gets no cookie");
        assertNoStore(r);
    }

    @Test
    @DisplayName("bearer: a JWT signed by another key is refused with invalid_token")
    default void bearerBadSignature() throws JOSEException {
        RSAKey other = new RSAKeyGenerator(2048).keyID(provider().signingKey().getKeyID()).generate();
        String forged = provider().sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), provider().accessTokenClaims("alice", null).build(), other);
        assertInvalidToken(apiMeWith(forged));
    }

    @Test
    @DisplayName("bearer: a JWT of another issuer is refused")
    default void bearerWrongIssuer() {
        assertInvalidToken(apiMeWith(aliceToken(c -> c.issuer(provider().issuer() + "/elsewhere"))));
    }

    @Test
    @DisplayName("bearer: a JWT for another audience, or for none, is refused")
    default void bearerWrongAudience() {
        assertInvalidToken(apiMeWith(aliceToken(c -> c.audience("another-api"))));
        assertInvalidToken(apiMeWith(aliceToken(c -> c.audience((String) null))));
    }

    @Test
    @DisplayName("bearer: an expired JWT is refused")
    default void bearerExpired() {
        assertInvalidToken(apiMeWith(aliceToken(c -> c.expirationTime(new Date(System.currentTimeMillis() - 300_000)))));
    }

    @Test
    @DisplayName("bearer: a JWT signed with an algorithm the client did not register (ES256) is refused")
    default void bearerAlgorithmNotAllowed() {
        provider().signingAlgorithm(JWSAlgorithm.ES256);
        assertInvalidToken(apiMeWith(aliceToken(c -> c)));
    }

    @Test
    @DisplayName("bearer: a JWT typed JWT (an ID token's type) is refused, and so is an ID token itself")
    default void bearerIdTokens() {
        assertInvalidToken(apiMeWith(provider().sign(provider().accessTokenClaims("alice", "orders.read").build())));
        assertInvalidToken(apiMeWith(provider().sign(provider().idTokenClaims("alice", "n-1").build())));
    }

    @Test
    @DisplayName("bearer: an opaque token passes through introspection, once for several requests")
    default void bearerOpaqueValid() {
        String token = provider().opaqueToken("bob", "orders.read");
        for (int i = 0; i < 3; i++) {
            TckBrowser.Response r = apiMeWith(token);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().startsWith("{\"sub\":\"bob\""), r.body());
        }
        assertEquals(1, provider().calls(Endpoint.INTROSPECT));
    }

    @Test
    @DisplayName("bearer: an opaque token the provider calls inactive is refused")
    default void bearerOpaqueInactive() {
        String token = provider().opaqueToken("bob", null);
        provider().revoke(token);
        assertInvalidToken(apiMeWith(token));
        assertInvalidToken(apiMeWith("never-issued-by-anyone"));
    }

    @Test
    @DisplayName("bearer: introspection down answers 503 JSON, never a 500 or a session")
    default void bearerIntrospectionDown() {
        String token = provider().opaqueToken("bob", null);
        provider().respond(Endpoint.INTROSPECT, 503, "text/plain", "down");
        TckBrowser.Response r = apiMeWith(token);
        assertEquals(503, r.status(), r.body());
        assertEquals("{\"error\":\"temporarily_unavailable\"}", r.body());
        assertEquals(List.of(), r.setCookies());
    }

    @Test
    @DisplayName("bearer: without a token, api/me answers 401 with a bare Bearer challenge; a session still works")
    default void bearerChallenge() {
        assertChallenge(browser().get(path("api/me")), 401, "Bearer", "unauthorized");
        assertEquals(200, signedInAs("alice").get(path("api/me")).status());
    }

    @Test
    @DisplayName("bearer: a token without the route's scope gets 403 insufficient_scope naming the scope")
    default void bearerInsufficientScope() throws Exception {
        try (App app = startApp(b -> b.set(Setting.OIDC_PROTECT, "api/** bearer scope:orders.write"))) {
            TckBrowser.Response r = app.browser().get(path("api/me"), "Authorization", "Bearer " + aliceToken(c -> c));
            assertChallenge(r, 403, "Bearer error=\"insufficient_scope\", scope=\"orders.write\"", "insufficient_scope");
            String writer = aliceToken(c -> c.claim("scope", "orders.write"));
            assertEquals(200, app.browser().get(path("api/me"), "Authorization", "Bearer " + writer).status());
        }
    }

    @Test
    @DisplayName("bearer: a token in the query string is refused with 400 invalid_request")
    default void bearerTokenInQuery() {
        TckBrowser.Response r = browser().get(path("api/me") + "?access_token=" + aliceToken(c -> c));
        assertChallenge(r, 400, "Bearer error=\"invalid_request\"", "invalid_request");
    }
}
