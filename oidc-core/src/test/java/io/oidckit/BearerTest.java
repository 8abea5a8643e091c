package io.oidckit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.oidckit.settings.Setting;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer routes (RFC 6750, RFC 9068, RFC 7662) and the client's own tokens (RFC 6749 §4.4), against the test provider. */
@DisplayName("Bearer tokens")
class BearerTest extends WithTestProvider {
    Fixtures.MovableClock clock;
    RelyingParty rp;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
        rp = rp(b -> b);
    }

    RelyingParty rp(UnaryOperator<OidcConfig.Builder> edit) {
        return Fixtures.rp(edit.apply(Fixtures.bare(provider)
                .set(Setting.OIDC_API_AUDIENCE, TestProvider.API_AUDIENCE)
                .protect("orders/**", Requirement.authenticated().proved(Requirement.Credential.BEARER).anyScope("orders.read"))
                .protect("service/**", Requirement.anyRole("admin").proved(Requirement.Credential.BEARER))
                .protect("api/**", Requirement.authenticated().proved(Requirement.Credential.BEARER_OR_SESSION))).build(), clock);
    }

    Outcome get(RelyingParty party, Browser.Session session, String path, String token) {
        Browser b = new Browser(party);
        var request = token == null ? b.request("GET", path) : b.request("GET", path, "Authorization", "Bearer " + token);
        try {
            return party.handle(request, session).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stage failed or hung", e);
        }
    }

    Outcome get(String path, String token) {
        return get(rp, new Browser.Session(), path, token);
    }

    String jwt(UnaryOperator<JWTClaimsSet.Builder> edit) {
        return provider.accessToken(edit.apply(provider.accessTokenClaims("alice", "openid orders.read")).build());
    }

    static void assertRefused(Outcome o, String error) {
        Outcome.Json j = assertInstanceOf(Outcome.Json.class, o, String.valueOf(o));
        assertEquals(401, j.status(), j.body());
        assertEquals("Bearer error=\"" + error + "\"", j.headers().get("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + error + "\"}", j.body());
        assertEquals("no-store", j.headers().get("Cache-Control"));
    }

    @Nested
    @DisplayName("a JWT access token")
    class Jwt {
        @Test
        @DisplayName("passes with its user, roles and scopes, and the session is never read or written")
        void valid() {
            Browser.Session session = new Browser.Session();
            Outcome.Continue go = assertInstanceOf(Outcome.Continue.class, get(rp, session, "/api/me", jwt(c -> c)));
            assertEquals("alice", go.user().subject());
            assertEquals("Alice Admin", go.user().fullName());
            assertEquals(Set.of("admin"), go.user().roles());
            assertEquals(Set.of("openid", "orders.read"), go.user().scopes());
            assertEquals("no-store", go.headers().get("Cache-Control"));
            assertFalse(session.exists, "no session for a bearer request");
            assertInstanceOf(Outcome.Continue.class, get("/orders/1", jwt(c -> c)));
            assertInstanceOf(Outcome.Continue.class, get("/service/x", jwt(c -> c)), "alice has the role admin");
        }

        @Test
        @DisplayName("is refused with invalid_token when its signature is not the provider's")
        void badSignature() throws Exception {
            RSAKey other = new RSAKeyGenerator(2048).keyID(provider.signingKey().getKeyID()).generate();
            String forged = provider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(other.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), provider.accessTokenClaims("alice", "orders.read").build(), other);
            assertRefused(get("/api/me", forged), "invalid_token");
        }

        @Test
        @DisplayName("is refused for a wrong iss, a wrong or missing aud, an expiry passed, or no exp")
        void claims() {
            assertRefused(get("/api/me", jwt(c -> c.issuer(provider.issuer() + "/other"))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.audience("another-api"))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.audience((String) null))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.expirationTime(new Date(System.currentTimeMillis() - 120_000)))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.expirationTime(null))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.issueTime(new Date(System.currentTimeMillis() + 600_000)))), "invalid_token");
            assertRefused(get("/api/me", jwt(c -> c.claim("sub", 42))), "invalid_token");
        }

        @Test
        @DisplayName("is refused when signed with an algorithm not registered, or with HS256 and the client secret")
        void algorithms() {
            provider.signingAlgorithm(JWSAlgorithm.ES256);
            assertRefused(get("/api/me", jwt(c -> c)), "invalid_token");
            provider.signingAlgorithm(JWSAlgorithm.RS256);
            String hmac = provider.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                    provider.accessTokenClaims("alice", null).build(),
                    new OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)).build());
            RelyingParty withHmac = rp(b -> b.idTokenSigningAlgs(Set.of("RS256", "HS256")));
            assertInstanceOf(Outcome.Continue.class, get(withHmac, new Browser.Session(), "/api/me", jwt(c -> c)), "keys loaded");
            int jwks = provider.calls(Endpoint.JWKS);
            assertRefused(get(withHmac, new Browser.Session(), "/api/me", hmac), "invalid_token");
            assertEquals(jwks, provider.calls(Endpoint.JWKS), "refused for its algorithm, before any key is looked for");
        }

        @Test
        @DisplayName("is refused when typed JWT (an ID token's type) unless jwt is allowed, and an ID token never passes")
        void types() {
            String typedJwt = provider.sign(provider.accessTokenClaims("alice", "orders.read").build());
            assertRefused(get("/api/me", typedJwt), "invalid_token");
            RelyingParty lenient = rp(b -> b.set(Setting.OIDC_API_JWT_TYPES, "at+jwt jwt"));
            assertInstanceOf(Outcome.Continue.class, get(lenient, new Browser.Session(), "/api/me", typedJwt));
            String idToken = provider.sign(provider.idTokenClaims("alice", "n-1").audience(TestProvider.API_AUDIENCE).build());
            assertRefused(get(lenient, new Browser.Session(), "/api/me", idToken), "invalid_token");
            assertRefused(get("/api/me", idToken), "invalid_token");
        }

        @Test
        @DisplayName("a token like a remembered one (same length, same signature) but for its payload is judged on its own")
        void rememberedByTheWholeToken() {
            String token = jwt(c -> c);
            assertInstanceOf(Outcome.Continue.class, get("/api/me", token));
            String[] parts = token.split("\\.");
            String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            assertTrue(claims.contains("\"sub\":\"alice\""), claims);
            String other = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    claims.replace("\"sub\":\"alice\"", "\"sub\":\"malic\"").getBytes(StandardCharsets.UTF_8));
            String forged = parts[0] + "." + other + "." + parts[2];
            assertEquals(token.length(), forged.length(), "the cache key's hash sees only the length and the end");
            assertRefused(get("/api/me", forged), "invalid_token");
            assertInstanceOf(Outcome.Continue.class, get("/api/me", token), "the real one is still known");
        }

        @Test
        @DisplayName("is remembered until its exp: then refused without a new look at it")
        void rememberedUntilExp() {
            String token = jwt(c -> c.expirationTime(new Date(clock.millis() + 90_000)));
            assertInstanceOf(Outcome.Continue.class, get("/api/me", token));
            provider.down();
            try {
                assertInstanceOf(Outcome.Continue.class, get("/api/me", token), "known: no keys needed");
                clock.advance(Duration.ofSeconds(90 + 61)); // past exp and the clock skew
                Outcome late = get("/api/me", token);
                assertTrue(late instanceof Outcome.Json j && (j.status() == 401 || j.status() == 503), String.valueOf(late));
            } finally {
                provider.up();
            }
            assertRefused(get("/api/me", token), "invalid_token");
        }
    }

    @Nested
    @DisplayName("an opaque token")
    class Opaque {
        @Test
        @DisplayName("passes through introspection, once for many requests, and an inactive one is refused")
        void introspected() {
            String token = provider.opaqueToken("bob", "orders.read");
            for (int i = 0; i < 5; i++) {
                Outcome.Continue go = assertInstanceOf(Outcome.Continue.class, get("/orders/7", token));
                assertEquals("bob", go.user().subject());
            }
            assertEquals(1, provider.calls(Endpoint.INTROSPECT));
            String revoked = provider.opaqueToken("bob", "orders.read");
            provider.revoke(revoked);
            assertRefused(get("/orders/7", revoked), "invalid_token");
            assertRefused(get("/orders/7", revoked), "invalid_token");
            assertEquals(2, provider.calls(Endpoint.INTROSPECT), "an inactive answer is remembered briefly too");
            assertRefused(get("/orders/7", "not-a-token-anyone-issued"), "invalid_token");
        }

        @Test
        @DisplayName("makes one introspection call for concurrent requests with the same new token")
        void singleFlight() {
            String token = provider.opaqueToken("bob", "orders.read");
            provider.stall(Endpoint.INTROSPECT, Duration.ofMillis(300));
            Browser b = new Browser(rp);
            List<CompletableFuture<Outcome>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(rp.handle(b.request("GET", "/orders/1", "Authorization", "Bearer " + token), new Browser.Session())
                        .toCompletableFuture());
            }
            all.forEach(f -> assertInstanceOf(Outcome.Continue.class, f.orTimeout(10, TimeUnit.SECONDS).join()));
            assertEquals(1, provider.calls(Endpoint.INTROSPECT));
        }

        @Test
        @DisplayName("is refused when the answer names another audience or issuer, or has expired; a malformed one is a 502")
        void answerChecked() {
            provider.introspection(m -> { m.put("active", false); return m; }); // inactive, though all else is right
            assertRefused(get("/api/me", provider.opaqueToken("bob", null)), "invalid_token");
            provider.introspection(m -> { m.put("aud", "another-api"); return m; });
            assertRefused(get("/api/me", provider.opaqueToken("bob", null)), "invalid_token");
            provider.introspection(m -> { m.put("iss", "https://elsewhere.example"); return m; });
            assertRefused(get("/api/me", provider.opaqueToken("bob", null)), "invalid_token");
            provider.introspection(m -> { m.put("exp", System.currentTimeMillis() / 1000 - 600); return m; });
            assertRefused(get("/api/me", provider.opaqueToken("bob", null)), "invalid_token");
            provider.introspection(m -> { m.put("active", "true"); return m; });
            Outcome.Json malformed = assertInstanceOf(Outcome.Json.class, get("/api/me", provider.opaqueToken("bob", null)));
            assertEquals(502, malformed.status(), "active must be a JSON boolean: the provider answered wrongly");
        }

        @Test
        @DisplayName("gets 503 while the introspection endpoint is down, and passes when it is back")
        void providerDown() {
            String token = provider.opaqueToken("bob", null);
            rp.handle(new Browser(rp).request("GET", "/"), new Browser.Session()).toCompletableFuture().join();
            provider.respond(Endpoint.INTROSPECT, 503, "text/plain", "down");
            Outcome.Json down = assertInstanceOf(Outcome.Json.class, get("/api/me", token));
            assertEquals(503, down.status());
            provider.reset();
            assertInstanceOf(Outcome.Continue.class, get("/api/me", token));
        }

        @Test
        @DisplayName("is introspected even as a JWT with OIDC_API_INTROSPECT=always, and never with never")
        void modes() {
            RelyingParty always = rp(b -> b.set(Setting.OIDC_API_INTROSPECT, "always"));
            assertRefused(get(always, new Browser.Session(), "/api/me", jwt(c -> c)), "invalid_token");
            assertEquals(1, provider.calls(Endpoint.INTROSPECT), "the provider does not know its own JWTs by introspection");
            RelyingParty never = rp(b -> b.set(Setting.OIDC_API_INTROSPECT, "never"));
            assertRefused(get(never, new Browser.Session(), "/api/me", provider.opaqueToken("bob", null)), "invalid_token");
            assertEquals(1, provider.calls(Endpoint.INTROSPECT));
        }
    }

    @Nested
    @DisplayName("the answers (RFC 6750 §3)")
    class Answers {
        @Test
        @DisplayName("no token: 401 with a bare Bearer challenge; a bearer-or-session route then takes the session")
        void noToken() {
            Outcome.Json j = assertInstanceOf(Outcome.Json.class, get("/orders/1", null));
            assertEquals(401, j.status());
            assertEquals("Bearer", j.headers().get("WWW-Authenticate"));
            assertEquals("{\"error\":\"unauthorized\"}", j.body());
            Outcome.Json anonymous = assertInstanceOf(Outcome.Json.class, get("/api/me", null));
            assertEquals("Bearer", anonymous.headers().get("WWW-Authenticate"));
            Browser browser = new Browser(rp);
            browser.login();
            assertEquals("alice", assertInstanceOf(Outcome.Continue.class, browser.get("/api/me")).user().subject());
            assertInstanceOf(Outcome.Json.class, browser.get("/orders/1"), "a bearer-only route never takes the session");
            Outcome withBadToken = browser.get("/api/me", "Authorization", "Bearer nonsense");
            assertRefused(withBadToken, "invalid_token");
        }

        @Test
        @DisplayName("a token without the scope or role: 403 insufficient_scope, naming the scope")
        void insufficient() {
            String reader = jwt(c -> c.claim("scope", "openid"));
            Outcome.Json j = assertInstanceOf(Outcome.Json.class, get("/orders/1", reader));
            assertEquals(403, j.status());
            assertEquals("Bearer error=\"insufficient_scope\", scope=\"orders.read\"", j.headers().get("WWW-Authenticate"));
            assertEquals("{\"error\":\"insufficient_scope\"}", j.body());
            Outcome.Json again = assertInstanceOf(Outcome.Json.class, get("/orders/1", reader), "a known token meets the route's scope too");
            assertEquals(403, again.status());
            provider.loginAs("bob");
            String bobs = provider.accessToken(provider.accessTokenClaims("bob", "orders.read").build());
            Outcome.Json role = assertInstanceOf(Outcome.Json.class, get("/service/x", bobs));
            assertEquals(403, role.status());
            assertEquals("Bearer error=\"insufficient_scope\"", role.headers().get("WWW-Authenticate"));
        }

        @Test
        @DisplayName("a token in the query string or a malformed header: 400 invalid_request")
        void misplaced() {
            Outcome.Json q = assertInstanceOf(Outcome.Json.class, get("/api/me?access_token=" + jwt(c -> c), null));
            assertEquals(400, q.status());
            assertEquals("Bearer error=\"invalid_request\"", q.headers().get("WWW-Authenticate"));
            Browser b = new Browser(rp);
            Outcome empty = rp.handle(b.request("GET", "/api/me", "Authorization", "Bearer  "), new Browser.Session())
                    .toCompletableFuture().join();
            assertEquals(400, assertInstanceOf(Outcome.Json.class, empty).status());
            Outcome odd = rp.handle(b.request("GET", "/api/me", "Authorization", "Bearer a b"), new Browser.Session())
                    .toCompletableFuture().join();
            assertEquals(400, assertInstanceOf(Outcome.Json.class, odd).status());
        }

        @Test
        @DisplayName("an adapter's own bearer requirement is checked the same way, through authorize")
        void routeRequirement() {
            Requirement bearer = Requirement.authenticated().proved(Requirement.Credential.BEARER);
            Browser b = new Browser(rp);
            assertInstanceOf(Outcome.Continue.class, rp.authorize(b.request("GET", "/elsewhere", "Authorization",
                    "Bearer " + jwt(c -> c)), new Browser.Session(), bearer).toCompletableFuture().join());
            assertRefused(rp.authorize(b.request("GET", "/elsewhere", "Authorization", "Bearer x.y.z"),
                    new Browser.Session(), bearer).toCompletableFuture().join(), "invalid_token");
            assertInstanceOf(Outcome.Continue.class, rp.handle(b.request("GET", "/elsewhere", "Authorization",
                    "Bearer " + jwt(c -> c)), new Browser.Session(), bearer).toCompletableFuture().join());
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("a bearer route without OIDC_API_AUDIENCE stops start-up naming it: never any audience")
        void audienceRequired() {
            OidcConfigException e = assertThrows(OidcConfigException.class, () -> Fixtures.config(provider)
                    .protect("api/**", Requirement.authenticated().proved(Requirement.Credential.BEARER)).build());
            assertTrue(e.getMessage().contains("OIDC101 OIDC_API_AUDIENCE is required, since OIDC_PROTECT has a bearer route"),
                    e.getMessage());
        }

        @Test
        @DisplayName("OIDC_PROTECT reads bearer, bearer-or-session and scope:, and writes them back the same")
        void rules() {
            List<AccessRule> rules = AccessRule.parseList("orders/** bearer scope:orders.read|orders.all, api/** bearer-or-session role:admin");
            assertEquals(Requirement.Credential.BEARER, rules.get(0).requirement().credential());
            assertEquals(Set.of("orders.read", "orders.all"), rules.get(0).requirement().scopes());
            assertTrue(rules.get(0).requirement().api());
            assertEquals(Requirement.Credential.BEARER_OR_SESSION, rules.get(1).requirement().credential());
            OidcConfig c = Fixtures.config(provider).set(Setting.OIDC_API_AUDIENCE, "a")
                    .set(Setting.OIDC_PROTECT, "orders/** bearer scope:orders.read|orders.all, api/** bearer-or-session role:admin").build();
            assertEquals("orders/** scope:orders.all|orders.read bearer, api/** role:admin bearer-or-session",
                    c.text(Setting.OIDC_PROTECT));
            assertThrows(IllegalArgumentException.class, () -> AccessRule.parseList("orders/** scope:orders.read"),
                    "a scope needs a bearer token to judge");
            OidcConfigException e = assertThrows(OidcConfigException.class, () -> Fixtures.config(provider)
                    .set(Setting.OIDC_API_JWT_TYPES, "at+jwt id").build());
            assertTrue(e.getMessage().contains("OIDC102 OIDC_API_JWT_TYPES must list at+jwt and/or jwt"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("the client's own tokens (client credentials)")
    class ServiceTokensTest {
        @Test
        @DisplayName("are fetched once, handed out again until four fifths of their lifetime, then renewed")
        void cachedAndRenewed() {
            ServiceTokens tokens = rp.serviceTokens();
            String first = tokens.token(Set.of("orders.read")).toCompletableFuture().join();
            assertEquals(first, tokens.token(Set.of("orders.read")).toCompletableFuture().join());
            assertEquals(1, provider.calls(Endpoint.TOKEN));
            assertEquals("client_credentials", provider.lastTokenRequest().get("grant_type"));
            assertEquals("orders.read", provider.lastTokenRequest().get("scope"));
            assertTrue(provider.lastTokenRequestAuthorization().startsWith("Basic "), "the configured client authentication");
            assertInstanceOf(Outcome.Continue.class, get("/orders/1", first), "the provider's own API token passes");
            clock.advance(Duration.ofSeconds(241));
            String renewed = tokens.token(Set.of("orders.read")).toCompletableFuture().join();
            assertEquals(2, provider.calls(Endpoint.TOKEN));
            assertFalse(first.equals(renewed));
            tokens.token(Set.of("other")).toCompletableFuture().join();
            assertEquals(3, provider.calls(Endpoint.TOKEN), "each set of scopes has its own token");
        }

        @Test
        @DisplayName("make one call for many concurrent askers, and fail with the provider's code when refused")
        void singleFlightAndFailure() {
            provider.stall(Endpoint.TOKEN, Duration.ofMillis(300));
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) all.add(rp.serviceTokens().token(Set.of()).toCompletableFuture());
            all.forEach(f -> assertNull(null, f.orTimeout(10, TimeUnit.SECONDS).join()));
            assertEquals(1, provider.calls(Endpoint.TOKEN));
            provider.reset();
            provider.respond(Endpoint.TOKEN, 400, "application/json", "{\"error\":\"unauthorized_client\"}");
            CompletableFuture<String> refused = rp(b -> b).serviceTokens().token(Set.of("x")).toCompletableFuture();
            Throwable t = assertThrows(java.util.concurrent.CompletionException.class, refused::join).getCause();
            assertEquals(ErrorCode.TOKEN_ERROR, assertInstanceOf(OidcException.class, t).code());
        }
    }
}
