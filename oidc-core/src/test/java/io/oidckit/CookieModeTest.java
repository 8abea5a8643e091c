package io.oidckit;

import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Cookie session mode, and pending logins in cookies")
class CookieModeTest extends WithTestProvider {
    static final String SECRET = "first-secret-of-more-than-32-characters";
    static final String OTHER = "other-secret-of-more-than-32-characters!";

    Fixtures.MovableClock clock;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
    }

    RelyingParty cookieRp(String secrets) {
        return Fixtures.rp(Fixtures.config(provider).sessionMode(OidcConfig.SessionMode.COOKIE).sessionSecret(secrets).build(), clock);
    }

    static Outcome.Continue signedIn(Browser b, String path) {
        Outcome o = b.get(path);
        return assertInstanceOf(Outcome.Continue.class, o, "expected the signed-in user on " + path + ", got " + o);
    }

    static boolean clears(Outcome o, String name) {
        return o.cookies().stream().anyMatch(c -> c.startsWith(name + "=;") && c.contains("Max-Age=0"));
    }

    @Nested
    @DisplayName("the session")
    class Session {
        @Test
        @DisplayName("lives in the browser's cookies only: the framework session is never created, and any replica reads it")
        void noServerState() {
            Browser b = new Browser(cookieRp(SECRET));
            Outcome back = b.login();
            assertInstanceOf(Outcome.Redirect.class, back, back.toString());
            assertFalse(b.session.exists, "cookie mode must not create a framework session");
            assertTrue(b.cookies.containsKey("oidckit.session.0"), b.cookies.keySet().toString());
            assertEquals("alice", signedIn(b, "/profile").user().subject());
            b.rp = cookieRp(SECRET); // another replica: same secret, nothing shared but the cookie
            assertEquals("alice", signedIn(b, "/profile").user().subject());
            assertFalse(b.session.exists);
        }

        @Test
        @DisplayName("cookies are HttpOnly, SameSite=Lax, on the base path, and every Set-Cookie is at most 4096 bytes")
        void attributes() {
            Browser b = new Browser(cookieRp(SECRET));
            Outcome start = b.get(b.rp.loginPath());
            String login = start.cookies().get(0);
            assertTrue(login.startsWith("oidckit.login."), login);
            assertTrue(login.contains("; Path=/auth/callback;") && login.contains("HttpOnly") && login.contains("SameSite=Lax")
                    && !login.contains("Secure") && !login.contains("Domain"), login);
            Outcome back = b.get(b.authorize(URI.create(((Outcome.Redirect) start).location())));
            String session = back.cookies().stream().filter(c -> c.startsWith("oidckit.session.0=")).findFirst().orElseThrow();
            assertTrue(session.contains("; Path=/;") && session.contains("HttpOnly") && session.contains("SameSite=Lax"), session);
            for (String c : back.cookies()) assertTrue(c.length() <= 4096, c.length() + " bytes: " + c);
            Browser tls = new Browser(Fixtures.rp(Fixtures.config(provider).redirectUri("https://127.0.0.1:8443/auth/callback")
                    .sessionMode(OidcConfig.SessionMode.COOKIE).sessionSecret(SECRET).build(), clock));
            String secure = tls.get(tls.rp.loginPath()).cookies().get(0);
            assertTrue(secure.endsWith("; Secure"), "an https redirect URI makes every cookie Secure: " + secure);
        }

        @Test
        @DisplayName("a tampered cookie is anonymous and is cleared, never an error")
        void tampered() {
            Browser b = new Browser(cookieRp(SECRET));
            b.login();
            signedIn(b, "/profile"); // the genuine value is now known to the memo, under its authentication tag
            String[] v = b.cookies.get("oidckit.session.0");
            char[] chars = v[0].toCharArray();
            int i = chars.length - 30; // inside the ciphertext, the tag (the last 22 characters) unchanged
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            v[0] = new String(chars);
            Outcome o = b.get("/profile");
            assertInstanceOf(Outcome.Redirect.class, o, "a tampered session must not sign anyone in");
            assertTrue(clears(o, "oidckit.session.0"), o.cookies().toString());
            assertInstanceOf(Outcome.Continue.class, b.get("/"));
        }

        @Test
        @DisplayName("a cookie sealed under a secret since removed is anonymous and is cleared")
        void unknownKey() {
            Browser b = new Browser(cookieRp(SECRET));
            b.login();
            b.rp = cookieRp(OTHER);
            Outcome o = b.get("/profile");
            assertInstanceOf(Outcome.Redirect.class, o);
            assertTrue(clears(o, "oidckit.session.0"), o.cookies().toString());
        }

        @Test
        @DisplayName("keys rotate: with the new secret first and the old one after, old cookies open and new ones seal with the new")
        void rotation() {
            Browser b = new Browser(cookieRp(SECRET));
            b.login();
            b.rp = cookieRp(OTHER + " " + SECRET);
            assertEquals("alice", signedIn(b, "/profile").user().subject());
            b.session.attributes.clear();
            Browser fresh = new Browser(b.rp);
            fresh.login();
            fresh.rp = cookieRp(OTHER); // the old secret gone: cookies sealed since the rotation still open
            assertEquals("alice", signedIn(fresh, "/profile").user().subject());
        }

        @Test
        @DisplayName("ends OIDC_SESSION_MAX_AGE after login, whatever the activity, and the cookie is cleared")
        void maxAge() {
            RelyingParty rp = Fixtures.rp(Fixtures.config(provider).sessionMode(OidcConfig.SessionMode.COOKIE)
                    .sessionSecret(SECRET).sessionMaxAge(Duration.ofHours(2)).sessionIdleTimeout(Duration.ofHours(1)).build(), clock);
            Browser b = new Browser(rp);
            b.login();
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofMinutes(29));
                signedIn(b, "/profile");
            }
            clock.advance(Duration.ofMinutes(5)); // 2h01 after login, 5 minutes after the last request
            Outcome o = b.get("/profile");
            assertInstanceOf(Outcome.Redirect.class, o);
            assertTrue(clears(o, "oidckit.session.0"), o.cookies().toString());
        }

        @Test
        @DisplayName("ends after OIDC_SESSION_IDLE_TIMEOUT without a request; requests keep it alive")
        void idle() {
            RelyingParty rp = Fixtures.rp(Fixtures.config(provider).sessionMode(OidcConfig.SessionMode.COOKIE)
                    .sessionSecret(SECRET).sessionIdleTimeout(Duration.ofMinutes(30)).build(), clock);
            Browser b = new Browser(rp);
            b.login();
            clock.advance(Duration.ofMinutes(20));
            Outcome kept = signedIn(b, "/profile");
            assertFalse(kept.cookies().isEmpty(), "a request after a tenth of the idle limit seals the session again");
            Outcome quiet = signedIn(b, "/profile");
            assertTrue(quiet.cookies().isEmpty(), "not on every request: " + quiet.cookies());
            clock.advance(Duration.ofMinutes(25));
            signedIn(b, "/profile"); // 45 minutes after login, 25 after the last request
            clock.advance(Duration.ofMinutes(31));
            Outcome o = b.get("/profile");
            assertInstanceOf(Outcome.Redirect.class, o);
            assertTrue(clears(o, "oidckit.session.0"), o.cookies().toString());
            assertTrue(clears(o, "oidckit.id_token"), "the ID token's cookie goes with the session: " + o.cookies());
        }

        @Test
        @DisplayName("logout replaces the session cookie: signed out, with the ID token as the provider's hint")
        void logout() {
            Browser b = new Browser(cookieRp(SECRET));
            b.login();
            String before = b.cookies.get("oidckit.session.0")[0];
            Outcome o = b.get(b.rp.logoutPath());
            assertInstanceOf(Outcome.Redirect.class, o);
            assertTrue(o.cookies().stream().anyMatch(c -> c.startsWith("oidckit.session.0=")), o.cookies().toString());
            assertTrue(((Outcome.Redirect) o).location().contains("id_token_hint="), "the ID token fits, so it is the hint");
            assertInstanceOf(Outcome.Redirect.class, b.get("/profile"), "signed out");
            b.cookies.put("oidckit.session.0", new String[] {before, "/"});
            assertTrue(before.length() > 0);
        }

        @Test
        @DisplayName("the ID token is sealed in a cookie of its own on the logout path: no other request carries it")
        void idTokenOnLogoutPathOnly() {
            Browser b = new Browser(cookieRp(SECRET));
            Outcome back = b.login();
            String id = back.cookies().stream().filter(c -> c.startsWith("oidckit.id_token=")).findFirst().orElseThrow();
            assertTrue(id.contains("; Path=/auth/logout;") && id.contains("HttpOnly"), id);
            String session = back.cookies().stream().filter(c -> c.startsWith("oidckit.session.0=")).findFirst().orElseThrow();
            assertTrue(session.length() < id.length(), "the session cookie holds the user, not the ID token: " + session.length()
                    + " vs " + id.length() + " bytes");
            Outcome o = b.get(b.rp.logoutPath());
            assertTrue(((Outcome.Redirect) o).location().contains("id_token_hint="), o.toString());
            assertTrue(clears(o, "oidckit.id_token"), "logout clears the ID token's cookie: " + o.cookies());
        }

        @Test
        @DisplayName("an ID token cookie left from an earlier session is never the logout hint (bound by the login time)")
        void idTokenBoundToSession() {
            Browser b = new Browser(cookieRp(SECRET));
            b.login();
            String[] earlier = b.cookies.get("oidckit.id_token");
            clock.advance(Duration.ofMinutes(5));
            b.login();
            b.cookies.put("oidckit.id_token", earlier);
            Outcome.Redirect out = assertInstanceOf(Outcome.Redirect.class, b.get(b.rp.logoutPath()));
            assertTrue(out.location().startsWith(provider.uri("/logout").toString()), out.location());
            assertFalse(out.location().contains("id_token_hint="), "another session's ID token was taken as the hint");
        }

        @Test
        @DisplayName("an ID token too large for the cookies is dropped first: logout goes without id_token_hint")
        void largeIdTokenDropped() {
            provider.user("carol", Map.of("name", "Carol", "filler", "x".repeat(4000)));
            provider.loginAs("carol");
            Browser b = new Browser(cookieRp(SECRET));
            assertInstanceOf(Outcome.Redirect.class, b.login());
            assertEquals("carol", signedIn(b, "/profile").user().subject());
            for (String c : b.cookies.keySet()) assertTrue(b.cookies.get(c)[0].length() < 4096);
            Outcome.Redirect out = assertInstanceOf(Outcome.Redirect.class, b.get(b.rp.logoutPath()));
            assertTrue(out.location().startsWith(provider.uri("/logout").toString()), out.location());
            assertFalse(out.location().contains("id_token_hint="), "the hint was dropped with the ID token");
        }

        @Test
        @DisplayName("a user too large for the cookies even without the ID token: OIDC310, a 502 page, and no session")
        void tooLarge() {
            List<String> roles = new ArrayList<>();
            for (int i = 0; i < 400; i++) roles.add("role-with-a-long-name-" + i);
            provider.user("dave", Map.of("groups", roles));
            provider.loginAs("dave");
            Browser b = new Browser(cookieRp(SECRET));
            Outcome o = b.login();
            Outcome.Page page = assertInstanceOf(Outcome.Page.class, o, o.toString());
            assertEquals(502, page.status());
            assertFalse(b.cookies.keySet().stream().anyMatch(n -> n.startsWith("oidckit.session.")), b.cookies.keySet().toString());
            assertFalse(b.cookies.keySet().stream().anyMatch(n -> n.startsWith("oidckit.login.")), "the used pending login is cleared");
            assertInstanceOf(Outcome.Redirect.class, b.get("/profile"));
        }

        @Test
        @DisplayName("a session cookie is no pending login, and a pending login no session (keys per purpose)")
        void purposes() {
            Browser b = new Browser(cookieRp(SECRET));
            URI authorize = b.startLogin(null);
            String name = b.cookies.keySet().iterator().next();
            b.cookies.put("oidckit.session.0", new String[] {b.cookies.get(name)[0], "/"});
            assertInstanceOf(Outcome.Redirect.class, b.get("/profile"), "a pending-login value must not open as a session");
            b.cookies.remove("oidckit.session.0");
            b.login();
            String session = b.cookies.get("oidckit.session.0")[0];
            String back = b.authorize(b.startLogin(null));
            b.cookies.keySet().stream().filter(n -> n.startsWith("oidckit.login.")).toList()
                    .forEach(n -> b.cookies.put(n, new String[] {session, "/auth/callback"}));
            Outcome o = b.get(back);
            assertEquals(400, assertInstanceOf(Outcome.Page.class, o).status());
            assertTrue(authorize.toString().contains("state="));
        }
    }

    @Nested
    @DisplayName("pending logins with a secret")
    class Pending {
        RelyingParty frameworkRp() {
            return Fixtures.rp(Fixtures.config(provider).sessionSecret(SECRET).maxPendingLogins(2).build(), clock);
        }

        @Test
        @DisplayName("framework mode: starting a login stores nothing on the server; the session begins at the callback")
        void loginCostsNothing() {
            Browser b = new Browser(frameworkRp());
            URI authorize = b.startLogin(null);
            assertFalse(b.session.exists, "a pending login must not create a framework session");
            assertEquals(1, b.cookies.size());
            b.get(b.authorize(authorize));
            assertTrue(b.session.exists);
            assertEquals("alice", signedIn(b, "/profile").user().subject());
            assertTrue(b.cookies.isEmpty(), "the used pending login is cleared: " + b.cookies.keySet());
        }

        @Test
        @DisplayName("framework mode without a secret: a session made for a pending login lives OIDC_PENDING_LOGIN_TTL, then the framework's own")
        void shortLivedWithoutSecret() {
            Browser b = new Browser(Fixtures.rp(Fixtures.config(provider).pendingLoginTtl(Duration.ofMinutes(3)).build(), clock));
            URI authorize = b.startLogin(null);
            assertTrue(b.session.exists);
            assertEquals(Duration.ofMinutes(3), b.session.lifetime);
            b.get(b.authorize(authorize));
            assertEquals("alice", signedIn(b, "/profile").user().subject());
            assertEquals(null, b.session.lifetime, "signed in: the framework's own idle timeout again");
            b.startLogin(null); // a signed-in user's session keeps its lifetime
            assertEquals(null, b.session.lifetime);
        }

        @Test
        @DisplayName("two tabs both complete, each once; a replay fails")
        void twoTabs() {
            Browser b = new Browser(frameworkRp());
            String one = b.authorize(b.startLogin(null));
            String two = b.authorize(b.startLogin(null));
            assertEquals(2, b.cookies.size());
            assertInstanceOf(Outcome.Redirect.class, b.get(two));
            assertInstanceOf(Outcome.Redirect.class, b.get(one));
            assertTrue(b.cookies.isEmpty());
            Browser replay = new Browser(b.rp);
            assertEquals(400, assertInstanceOf(Outcome.Page.class, replay.get(one)).status());
        }

        @Test
        @DisplayName("only the newest OIDC_MAX_PENDING_LOGINS can complete")
        void atMost() {
            Browser b = new Browser(frameworkRp());
            String first = b.authorize(b.startLogin(null));
            clock.advance(Duration.ofSeconds(1));
            String second = b.authorize(b.startLogin(null));
            clock.advance(Duration.ofSeconds(1));
            String third = b.authorize(b.startLogin(null));
            assertEquals(400, assertInstanceOf(Outcome.Page.class, b.get(first)).status(), "the oldest of three, with 2 allowed");
            assertInstanceOf(Outcome.Redirect.class, b.get(third));
            assertInstanceOf(Outcome.Redirect.class, b.get(second));
        }

        @Test
        @DisplayName("expire after OIDC_PENDING_LOGIN_TTL")
        void expire() {
            Browser b = new Browser(frameworkRp());
            String back = b.authorize(b.startLogin(null));
            clock.advance(Duration.ofMinutes(11));
            assertEquals(400, assertInstanceOf(Outcome.Page.class, b.get(back)).status());
            assertFalse(b.session.exists);
        }

        @Test
        @DisplayName("a pending login of another browser (its cookie) is not enough: the state must match")
        void stateMustMatch() {
            Browser mine = new Browser(frameworkRp());
            Browser theirs = new Browser(mine.rp);
            mine.startLogin(null);
            String back = theirs.authorize(theirs.startLogin(null));
            theirs.cookies.clear();
            mine.cookies.forEach(theirs.cookies::put);
            assertEquals(400, assertInstanceOf(Outcome.Page.class, theirs.get(back)).status());
        }
    }

    @Nested
    @DisplayName("a failing session store (framework mode)")
    class FailingStore {
        @Test
        @DisplayName("every route answers OIDC601's 503 page, never a 502 for the provider, a 500 or a session")
        void answers503() {
            RelyingParty rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
            io.oidckit.web.WebSession down = new io.oidckit.web.WebSession() {
                public String get(String key) { throw new IllegalStateException("Unable to connect to Redis"); }
                public void put(String key, String value) { throw new IllegalStateException("Unable to connect to Redis"); }
                public void remove(String key) { throw new IllegalStateException("Unable to connect to Redis"); }
                public void renewId() { throw new IllegalStateException("Unable to connect to Redis"); }
                public void invalidate() { throw new IllegalStateException("Unable to connect to Redis"); }
            };
            Browser b = new Browser(rp);
            for (String path : List.of("/", "/profile", rp.loginPath(), rp.logoutPath(), "/api/me")) {
                Outcome o = rp.handle(b.request("GET", path), down).toCompletableFuture().join();
                Outcome.Page page = assertInstanceOf(Outcome.Page.class, o, path + ": " + o);
                assertEquals(503, page.status(), path);
            }
        }
    }

    @Nested
    @DisplayName("behind a proxy")
    class Proxy {
        @Test
        @DisplayName("a login started on another host than the redirect URI's: one warning naming both, once; forwarded headers change nothing")
        void otherHost() {
            List<String> log = new ArrayList<>();
            java.util.logging.Handler capture = new java.util.logging.Handler() {
                @Override public void publish(java.util.logging.LogRecord r) { log.add(r.getMessage()); }
                @Override public void flush() { }
                @Override public void close() { }
            };
            java.util.logging.Logger.getLogger("io.oidckit").addHandler(capture);
            try {
                Browser b = new Browser(cookieRp(SECRET));
                Outcome.Redirect same = assertInstanceOf(Outcome.Redirect.class, b.get(b.rp.loginPath(), "Host", "127.0.0.1:8080"));
                assertTrue(log.stream().noneMatch(l -> l.contains("OIDC_REDIRECT_URI is on")), log.toString());
                Outcome.Redirect other = assertInstanceOf(Outcome.Redirect.class, b.get(b.rp.loginPath(), "Host", "app.internal:9000",
                        "X-Forwarded-Host", "evil.example", "Forwarded", "host=evil.example;proto=https"));
                b.get(b.rp.loginPath(), "Host", "elsewhere:1");
                List<String> warnings = log.stream().filter(l -> l.contains("OIDC_REDIRECT_URI is on")).toList();
                assertEquals(1, warnings.size(), log.toString());
                assertTrue(warnings.get(0).contains("app.internal:9000") && warnings.get(0).contains("127.0.0.1:8080"), warnings.get(0));
                // Every absolute URL still comes from the configuration, never from the request's headers.
                assertEquals(params(same), params(other));
                assertEquals(Fixtures.REDIRECT, params(other).get("redirect_uri"));
                assertTrue(other.cookies().get(0).contains("; Path=/auth/callback;") && !other.cookies().get(0).contains("Domain"));
            } finally {
                java.util.logging.Logger.getLogger("io.oidckit").removeHandler(capture);
            }
        }

        Map<String, String> params(Outcome.Redirect r) {
            Map<String, String> m = new java.util.HashMap<>();
            for (String pair : URI.create(r.location()).getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                m.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            m.remove("state");
            m.remove("nonce");
            m.remove("code_challenge");
            return m;
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("cookie mode without a secret stops start-up with OIDC101 naming OIDC_SESSION_SECRET (never a random key)")
        void secretRequired() {
            OidcConfigException e = assertThrows(OidcConfigException.class,
                    () -> Fixtures.config(provider).sessionMode(OidcConfig.SessionMode.COOKIE).build());
            assertTrue(e.getMessage().contains("OIDC101 OIDC_SESSION_SECRET is required, since OIDC_SESSION_MODE=cookie"), e.getMessage());
        }

        @Test
        @DisplayName("every secret of the list must have 32 characters")
        void eachSecretLongEnough() {
            OidcConfigException e = assertThrows(OidcConfigException.class,
                    () -> Fixtures.config(provider).sessionSecret(SECRET + ", short").build());
            assertTrue(e.getMessage().contains("OIDC102 OIDC_SESSION_SECRET"), e.getMessage());
        }
    }
}
