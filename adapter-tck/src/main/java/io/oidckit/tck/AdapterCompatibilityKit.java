package io.oidckit.tck;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.oidckit.OidcConfig;
import io.oidckit.Requirement;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.IdTokenForger;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour of CONTRACT.md, checked over real HTTP against a running app of the adapter under test and the
 * in-process {@link TestProvider}. An adapter's test extends this class and implements {@link #start}: build the
 * minimal app (the four routes of {@link TckPages}) with the given configuration and listen on 127.0.0.1:port.
 * Every adapter runs every case; a case one adapter cannot pass is a bug, not a skip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterCompatibilityKit {

    /**
     * Starts the adapter's minimal app on {@code 127.0.0.1:port}, protected by {@code config} (its access rules
     * protect {@code profile}, {@code admin/**} for role {@code admin}, and {@code api/**} as an API).
     */
    protected abstract TckApp start(OidcConfig config, int port) throws Exception;

    protected TestProvider provider;
    private TckApp app;
    private int port;
    private URI base;

    @BeforeAll
    void startAll() throws Exception {
        provider = TestProvider.start();
        port = freePort();
        app = start(config(provider, port).build(), port);
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    void stopAll() throws Exception {
        if (app != null) app.close();
        if (provider != null) provider.close();
    }

    @BeforeEach
    void resetProvider() {
        provider.reset();
    }

    /** The configuration of the kit's apps; public so adapter tests can start extra apps the same way. */
    public static OidcConfig.Builder config(TestProvider provider, int port) {
        return OidcConfig.builder()
                .authority(provider.issuer())
                .clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET)
                .redirectUri("http://127.0.0.1:" + port + "/auth/callback")
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ZERO, Duration.ZERO)
                .protect("profile")
                .protect("admin/**", Requirement.anyRole("admin"))
                .protect("api/**", Requirement.authenticated().asApi());
    }

    public static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    protected TckBrowser browser() {
        return new TckBrowser(base);
    }

    protected TckBrowser signedInAs(String user) {
        provider.loginAs(user);
        TckBrowser b = browser();
        TckBrowser.Response r = b.login("/auth/login");
        assertEquals(302, r.status(), "callback for " + user + ": " + r.body());
        return b;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static void assertNoStore(TckBrowser.Response r) {
        String cc = r.header("Cache-Control");
        assertNotNull(cc, "Cache-Control missing");
        assertTrue(cc.contains("no-store"), "Cache-Control: " + cc);
    }

    /** One fixed error page: status, security headers, no reflection, no stack trace. */
    static void assertErrorPage(TckBrowser.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertNoStore(r);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'"), "CSP: " + csp);
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertFalse(r.body().contains("Exception"), "no stack trace");
        assertFalse(r.body().contains("at io."), "no stack trace");
    }

    private void assertAnonymous(TckBrowser b) {
        TckBrowser.Response me = b.get("/api/me", "Accept", "application/json");
        assertEquals(401, me.status(), "expected no session, got: " + me.body());
    }

    private static String sessionCookie(TckBrowser.Response r) {
        for (String c : r.setCookies()) {
            String v = c.split(";", 2)[0];
            if (!v.endsWith("=")) return c;
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ routes

    @Nested
    @DisplayName("the home page")
    class Home {
        @Test
        @DisplayName("asks an anonymous visitor to log in, with a link to the login route, and sets no cookie")
        void anonymous() {
            TckBrowser.Response r = browser().get("/");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("Please log in"), r.body());
            assertTrue(r.body().contains("href=\"/auth/login\""), r.body());
            assertTrue(r.body().contains("Sign in with OIDC"), r.body());
            assertTrue(r.setCookies().isEmpty(), "a public page must not start a session: " + r.setCookies());
        }

        @Test
        @DisplayName("welcomes a signed-in user by name, links to logout, and is not cached")
        void signedIn() {
            TckBrowser.Response r = signedInAs("alice").get("/");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("Welcome Alice Admin"), r.body());
            assertTrue(r.body().contains("href=\"/auth/logout\""), r.body());
            assertNoStore(r);
        }

        @Test
        @DisplayName("falls back to email, then sub, when the name claim is absent")
        void displayNameFallback() {
            provider.user("nameless", Map.of("email", "nameless@example.com"));
            assertTrue(signedInAs("nameless").get("/").body().contains("Welcome nameless@example.com"));
            provider.user("bare", Map.of());
            assertTrue(signedInAs("bare").get("/").body().contains("Welcome bare"));
        }

        @Test
        @DisplayName("treats a malformed or unknown session cookie as anonymous, never as an error")
        void badCookie() {
            TckBrowser b = browser();
            b.cookies().put("JSESSIONID", "%%%garbage");
            b.cookies().put("SESSION", "not-a-session");
            b.cookies().put("vertx-web.session", "0000");
            TckBrowser.Response r = b.get("/");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("Please log in"));
            assertEquals(302, b.get("/profile").status());
        }
    }

    @Nested
    @DisplayName("the login route")
    class Login {
        @Test
        @DisplayName("redirects to the authorization endpoint with every parameter, URL-encoded")
        void redirect() {
            TckBrowser.Response r = browser().get("/auth/login");
            assertEquals(302, r.status());
            assertNoStore(r);
            URI uri = URI.create(r.location());
            assertEquals(provider.uri("/authorize").getPath(), uri.getPath());
            Map<String, String> p = query(uri);
            assertEquals("code", p.get("response_type"));
            assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
            assertEquals(base.resolve("/auth/callback").toString(), p.get("redirect_uri"));
            assertTrue(p.get("scope").startsWith("openid"), p.get("scope"));
            assertEquals("S256", p.get("code_challenge_method"));
            assertTrue(p.get("state").length() >= 22 && p.get("nonce").length() >= 22 && p.get("code_challenge").length() == 43);
            assertTrue(uri.getRawQuery().contains("redirect_uri=http%3A%2F%2F127.0.0.1"), "URL-encoded: " + uri.getRawQuery());
        }

        @Test
        @DisplayName("starts a session whose cookie is HttpOnly, SameSite=Lax, without Domain, and not Secure on http")
        void cookieAttributes() {
            TckBrowser.Response r = browser().get("/auth/login");
            String cookie = sessionCookie(r);
            assertNotNull(cookie, "login must start a session: " + r.setCookies());
            String lower = cookie.toLowerCase(java.util.Locale.ROOT);
            assertTrue(lower.contains("httponly"), cookie);
            assertTrue(lower.contains("samesite=lax"), cookie);
            assertFalse(lower.contains("domain="), cookie);
            assertFalse(lower.contains("secure"), "an http redirect URI must not get a Secure cookie: " + cookie);
        }

        @Test
        @DisplayName("lets two tabs log in at once")
        void twoTabs() {
            TckBrowser b = browser();
            URI one = b.startLogin("/auth/login", "return_to=%2Fprofile");
            URI two = b.startLogin("/auth/login", "return_to=%2Fadmin");
            String backTwo = b.authorize(two);
            String backOne = b.authorize(one);
            assertEquals("/admin", URI.create(b.get(backTwo).location()).getPath());
            assertEquals("/profile", URI.create(b.get(backOne).location()).getPath());
        }
    }

    @Nested
    @DisplayName("the callback")
    class Callback {
        @Test
        @DisplayName("signs in with a fresh session id and returns to the base path, with no-store and no-referrer")
        void success() {
            TckBrowser b = browser();
            URI providerUrl = b.startLogin("/auth/login", null);
            Map<String, String> before = new HashMap<>(b.cookies());
            TckBrowser.Response r = b.get(b.authorize(providerUrl));
            assertEquals(302, r.status(), r.body());
            assertEquals("/", URI.create(r.location()).getPath());
            assertNoStore(r);
            assertEquals("no-referrer", r.header("Referrer-Policy"));
            assertNotEquals(before, b.cookies(), "the session id must change at login");
            // The id from before login must not be signed in.
            TckBrowser planted = browser();
            planted.cookies().putAll(before);
            assertAnonymous(planted);
            assertEquals(200, b.get("/api/me").status());
        }

        @Test
        @DisplayName("returns to the page that asked for login")
        void returnsToProfile() {
            TckBrowser b = browser();
            TckBrowser.Response first = b.get("/profile");
            assertEquals(302, first.status());
            URI login = URI.create(first.location());
            assertEquals("/auth/login", login.getPath());
            URI providerUrl = URI.create(b.get(login.getRawPath() + "?" + login.getRawQuery()).location());
            TckBrowser.Response back = b.get(b.authorize(providerUrl));
            assertEquals("/profile", URI.create(back.location()).getPath());
            assertEquals(200, b.get("/profile").status());
        }

        @Test
        @DisplayName("ignores every off-site return_to spelling and lands on the base path")
        void openRedirect() {
            for (String evil : List.of("//evil.example/", "/\\evil.example", "https:evil.example",
                    "https://evil.example/", "/%2F/evil.example", "%2F%2Fevil.example", "/\t/evil.example",
                    "///evil.example")) {
                TckBrowser b = browser();
                URI providerUrl = b.startLogin("/auth/login", "return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8));
                TckBrowser.Response r = b.get(b.authorize(providerUrl));
                assertEquals(302, r.status());
                String loc = r.location();
                assertTrue(loc.equals("/") || loc.equals(base.toString()), evil + " -> " + loc);
            }
        }

        @Test
        @DisplayName("refuses a replayed callback with the fixed 400 page")
        void replay() {
            TckBrowser b = browser();
            String back = b.authorize(b.startLogin("/auth/login", null));
            assertEquals(302, b.get(back).status());
            TckBrowser thief = browser();
            assertErrorPage(thief.get(back), 400);
            assertAnonymous(thief);
            assertErrorPage(b.get(back), 400);
        }

        @Test
        @DisplayName("refuses a missing or forged state without calling the provider")
        void state() {
            TckBrowser b = browser();
            String back = b.authorize(b.startLogin("/auth/login", null));
            assertErrorPage(b.get(back.replaceAll("state=[^&]*", "state=forged")), 400);
            assertErrorPage(b.get(back.replaceAll("[?&]state=[^&]*", "")), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN));
            assertAnonymous(b);
        }

        @Test
        @DisplayName("refuses repeated and oversized parameters at once")
        void parameters() {
            TckBrowser b = browser();
            String back = b.authorize(b.startLogin("/auth/login", null));
            assertErrorPage(b.get(back + "&code=again"), 400);
            TckBrowser c = browser();
            String back2 = c.authorize(c.startLogin("/auth/login", null));
            assertErrorPage(c.get(back2.replaceAll("code=[^&]*", "code=" + "x".repeat(4100))), 400);
            assertEquals(0, provider.calls(Endpoint.TOKEN));
        }

        @Test
        @DisplayName("answers a provider error with the fixed 400 page that never reflects error_description")
        void providerError() {
            TckBrowser b = browser();
            URI providerUrl = b.startLogin("/auth/login", null);
            String state = query(providerUrl).get("state");
            TckBrowser.Response r = b.get("/auth/callback?state=" + state + "&iss="
                    + URLEncoder.encode(provider.issuer(), StandardCharsets.UTF_8)
                    + "&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
            assertErrorPage(r, 400);
            assertFalse(r.body().contains("<script>"));
            assertFalse(r.body().contains("alert(1)"));
        }

        @Test
        @DisplayName("refuses an RFC 9207 iss naming another issuer")
        void issMismatch() {
            provider.authorizationResponseIss("https://attacker.example");
            TckBrowser b = browser();
            assertErrorPage(b.login("/auth/login"), 400);
            assertAnonymous(b);
        }
    }

    @Nested
    @DisplayName("hostile ID tokens never produce a session")
    class HostileTokens {
        private void refused(IdTokenForger forger) {
            provider.forgeIdToken(forger);
            TckBrowser b = browser();
            assertErrorPage(b.login("/auth/login"), 400);
            assertAnonymous(b);
        }

        @Test
        @DisplayName("alg none")
        void none() {
            refused((c, p) -> new PlainJWT(c).serialize());
        }

        @Test
        @DisplayName("a flipped signature byte")
        void flipped() {
            refused((c, p) -> {
                String[] parts = p.sign(c).split("\\.");
                byte[] sig = new Base64URL(parts[2]).decode();
                sig[3] ^= 0x10;
                return parts[0] + "." + parts[1] + "." + Base64URL.encode(sig);
            });
        }

        @Test
        @DisplayName("an attacker's key in the jwk header")
        void embeddedKey() {
            refused((c, p) -> {
                RSAKey k = new RSAKeyGenerator(2048).keyID(p.signingKey().getKeyID()).generate();
                return p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).jwk(k.toPublicJWK()).build(), c, k);
            });
        }

        @Test
        @DisplayName("the provider's own key and signature, but key material in the header (jwk)")
        void headerKeyEvenIfGenuine() {
            // Signed by the real key, so only the "never trust header keys" rule can refuse it.
            refused((c, p) -> p.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(p.signingKey().getKeyID())
                    .jwk(p.signingKey().toPublicJWK()).build(), c, p.signingKey()));
        }

        @Test
        @DisplayName("iat an hour in the future")
        void issuedInTheFuture() {
            refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issueTime(new Date(System.currentTimeMillis() + 3_600_000))
                    .expirationTime(new Date(System.currentTimeMillis() + 7_200_000)).build()));
        }

        @Test
        @DisplayName("HS256 keyed with the provider's public key")
        void confusion() {
            refused((c, p) -> p.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(p.signingKey().getKeyID()).build(), c,
                    new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(p.signingKey().toPublicJWK().toJSONString().getBytes()).build()));
        }

        @Test
        @DisplayName("HS256 keyed with the client secret, while only asymmetric algorithms are allowed")
        void hmacNotAllowed() {
            refused((c, p) -> p.sign(new JWSHeader(JWSAlgorithm.HS256), c,
                    new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)).build()));
        }

        @Test
        @DisplayName("a wrong audience")
        void audience() {
            refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).audience("someone-else").build()));
        }

        @Test
        @DisplayName("a wrong issuer")
        void issuer() {
            refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issuer("https://attacker.example").build()));
        }

        @Test
        @DisplayName("a wrong nonce")
        void nonce() {
            refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).claim("nonce", "other").build()));
        }

        @Test
        @DisplayName("an expired token")
        void expired() {
            refused((c, p) -> p.sign(new JWTClaimsSet.Builder(c).issueTime(new Date(System.currentTimeMillis() - 900_000))
                    .expirationTime(new Date(System.currentTimeMillis() - 600_000)).build()));
        }
    }

    // ------------------------------------------------------------------------------------------ protected routes

    @Nested
    @DisplayName("protected routes")
    class Protected {
        @Test
        @DisplayName("profile shows name, email, sub and roles, HTML-escaped, and is not cached")
        void profile() {
            provider.user("x<b>", Map.of("name", "<script>alert(1)</script>", "email", "x@example.com", "groups", List.of("admin")));
            TckBrowser.Response r = signedInAs("x<b>").get("/profile");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), r.body());
            assertFalse(r.body().contains("<script>"), r.body());
            assertTrue(r.body().contains("x@example.com"));
            assertTrue(r.body().contains("x&lt;b&gt;"));
            assertTrue(r.body().contains("admin"));
            assertNoStore(r);
        }

        @Test
        @DisplayName("profile sends an anonymous browser into the login flow")
        void profileAnonymous() {
            TckBrowser.Response r = browser().get("/profile");
            assertEquals(302, r.status());
            assertEquals("/auth/login?return_to=%2Fprofile", r.location().replace(base.toString(), "/").replace("//", "/"));
            assertNoStore(r);
        }

        @Test
        @DisplayName("admin lets alice in")
        void adminAllowed() {
            TckBrowser.Response r = signedInAs("alice").get("/admin");
            assertEquals(200, r.status());
            assertNoStore(r);
        }

        @Test
        @DisplayName("admin shows bob the 403 access-denied page")
        void adminDenied() {
            TckBrowser.Response r = signedInAs("bob").get("/admin");
            assertErrorPage(r, 403);
            assertTrue(r.body().contains("Access denied"), r.body());
        }

        @Test
        @DisplayName("admin sends an anonymous browser into the login flow")
        void adminAnonymous() {
            assertEquals(302, browser().get("/admin").status());
        }

        @Test
        @DisplayName("api/me answers the user as JSON")
        void apiMe() {
            TckBrowser.Response r = signedInAs("alice").get("/api/me");
            assertEquals(200, r.status());
            assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
            assertEquals("{\"sub\":\"alice\",\"name\":\"Alice Admin\",\"email\":\"alice@example.com\",\"roles\":[\"admin\"]}", r.body());
            assertNoStore(r);
        }

        @Test
        @DisplayName("api/me answers 401 JSON to an anonymous caller, never a redirect, even one that asks for HTML")
        void apiMeAnonymous() {
            for (String accept : List.of("application/json", "text/html", "*/*")) {
                TckBrowser.Response r = browser().get("/api/me", "Accept", accept);
                assertEquals(401, r.status(), accept);
                assertTrue(r.header("Content-Type").startsWith("application/json"));
                assertEquals("{\"error\":\"unauthorized\"}", r.body());
                assertNoStore(r);
            }
        }

        @Test
        @DisplayName("a client that prefers JSON gets 401 and 403 JSON instead of redirects and pages")
        void negotiation() {
            TckBrowser.Response r = browser().get("/profile", "Accept", "application/json");
            assertEquals(401, r.status());
            assertEquals("{\"error\":\"unauthorized\"}", r.body());
            r = browser().get("/admin", "X-Requested-With", "XMLHttpRequest");
            assertEquals(401, r.status());
            r = signedInAs("bob").get("/admin", "Accept", "application/json");
            assertEquals(403, r.status());
            assertEquals("{\"error\":\"forbidden\"}", r.body());
        }

        @Test
        @DisplayName("cannot be reached by spelling the path differently")
        void spelling() {
            for (String p : List.of("/admin/", "/./admin", "/admin;jsessionid=x")) {
                int s = browser().get(p).status();
                assertTrue(s == 302 || s == 400 || s == 404, p + " answered " + s);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ logout

    @Nested
    @DisplayName("logout")
    class Logout {
        @Test
        @DisplayName("ends the session and redirects to the provider's end_session_endpoint with the hint")
        void endSession() {
            TckBrowser b = signedInAs("alice");
            Map<String, String> before = new HashMap<>(b.cookies());
            TckBrowser.Response r = b.get("/auth/logout");
            assertEquals(302, r.status());
            assertNoStore(r);
            URI uri = URI.create(r.location());
            assertEquals(provider.uri("/logout").getPath(), uri.getPath());
            Map<String, String> p = query(uri);
            assertNotNull(p.get("id_token_hint"));
            assertEquals(TestProvider.CLIENT_ID, p.get("client_id"));
            assertEquals(base.toString(), p.get("post_logout_redirect_uri"));
            assertAnonymous(b);
            TckBrowser old = browser();
            old.cookies().putAll(before);
            assertAnonymous(old);
            assertTrue(b.get("/").body().contains("Please log in"));
        }

        @Test
        @DisplayName("also works by POST")
        void post() {
            TckBrowser b = signedInAs("alice");
            assertEquals(302, b.post("/auth/logout").status());
            assertAnonymous(b);
        }

        @Test
        @DisplayName("refuses a cross-site request with a page holding a logout button")
        void crossSite() {
            TckBrowser b = signedInAs("alice");
            TckBrowser.Response r = b.get("/auth/logout", "Sec-Fetch-Site", "cross-site");
            assertEquals(200, r.status());
            assertTrue(r.body().contains("<form method=\"post\" action=\"/auth/logout\">"), r.body());
            assertNoStore(r);
            assertEquals(200, b.get("/api/me").status(), "still signed in");
        }
    }

    @Nested
    @DisplayName("a provider without end_session_endpoint")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NoEndSession {
        private TckApp other;
        private TckBrowser b;

        @BeforeAll
        void startOther() throws Exception {
            int p = freePort();
            other = start(config(provider, p).skipDiscovery(true)
                    .authorizationEndpoint(provider.uri("/authorize").toString())
                    .tokenEndpoint(provider.uri("/token").toString())
                    .jwksUri(provider.uri("/jwks").toString()).build(), p);
            b = new TckBrowser(URI.create("http://127.0.0.1:" + p + "/"));
        }

        @AfterAll
        void stopOther() throws Exception {
            other.close();
        }

        @Test
        @DisplayName("logout redirects to the base path")
        void home() {
            provider.authorizationResponseIss(null);
            assertEquals(302, b.login("/auth/login").status());
            TckBrowser.Response r = b.get("/auth/logout");
            assertEquals(302, r.status());
            assertEquals("/", URI.create(r.location()).getPath());
            assertFalse(r.location().contains(provider.issuer()));
            assertEquals(401, b.get("/api/me").status());
        }
    }

    // ------------------------------------------------------------------------------------------ provider trouble

    @Nested
    @DisplayName("a provider that is down at start-up")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DownAtStart {
        @Test
        @DisplayName("does not stop the app: home answers 200, login 503, and login works once it is back")
        void downThenBack() throws Exception {
            provider.down();
            int p = freePort();
            try (TckApp other = start(config(provider, p).build(), p)) {
                TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + p + "/"));
                assertEquals(200, b.get("/").status());
                assertErrorPage(b.get("/auth/login"), 503);
                provider.up();
                assertEquals(302, b.login("/auth/login").status());
                assertEquals(200, b.get("/api/me").status());
            } finally {
                provider.up();
            }
        }
    }

    @Nested
    @DisplayName("a stalled provider")
    class Stalled {
        @Test
        @DisplayName("gives 503 within the timeout while other requests are still served")
        void stalledToken() throws Exception {
            TckBrowser signedIn = signedInAs("alice");
            TckBrowser b = browser();
            String back = b.authorize(b.startLogin("/auth/login", null));
            provider.stall(Endpoint.TOKEN, Duration.ofSeconds(20));
            CompletableFuture<TckBrowser.Response> stalled = CompletableFuture.supplyAsync(() -> b.get(back));
            Thread.sleep(300);
            assertEquals(200, browser().get("/").status());
            assertEquals(200, signedIn.get("/profile").status());
            TckBrowser.Response r = stalled.get(15, TimeUnit.SECONDS);
            assertErrorPage(r, 503);
            assertAnonymous(b);
        }

        @Test
        @DisplayName("a malformed token answer is a 502")
        void malformed() {
            TckBrowser b = browser();
            String back = b.authorize(b.startLogin("/auth/login", null));
            provider.respond(Endpoint.TOKEN, 200, "application/json", "{oops");
            assertErrorPage(b.get(back), 502);
            assertAnonymous(b);
        }
    }

    @Test
    @DisplayName("a full login round trip: alice in, admin 200, logout, anonymous; bob gets 403")
    void roundTrip() {
        TckBrowser alice = signedInAs("alice");
        assertTrue(alice.get("/").body().contains("Welcome Alice Admin"));
        assertEquals(200, alice.get("/admin").status());
        assertEquals(302, alice.get("/auth/logout").status());
        assertTrue(alice.get("/").body().contains("Please log in"));
        TckBrowser bob = signedInAs("bob");
        assertEquals(403, bob.get("/admin").status());
        assertNull(bob.get("/").header("Set-Cookie"));
    }
}
