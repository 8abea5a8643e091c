package io.oidckit.devprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole authorization-code flow against a real provider on loopback, the way an example app and a browser
 * drive it: plain HTTP with {@link HttpClient}, redirects not followed, tokens checked with nimbus.
 * (nimbus-jose-jwt is on the classpath through mock-oauth2-server; it is not declared here because a test-scoped
 * declaration would take it off this module's runtime classpath.)
 */
class DevProviderTest {

    private static final String CLIENT_ID = "example-app";
    private static final String CLIENT_SECRET = "any-secret";
    private static final String REDIRECT_URI = "http://localhost:1/cb";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static DevProvider provider;
    private static Map<String, Object> discovery;

    @BeforeAll
    static void start() throws Exception {
        provider = DevProvider.start();
        discovery = json(get(provider.issuer() + "/.well-known/openid-configuration"));
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void discoveryAnnouncesTheIssuerOnLocalhost() {
        assertEquals("http://localhost:" + provider.port() + "/default", provider.issuer());
        assertEquals(provider.issuer(), discovery.get("issuer"));
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint")) {
            String url = (String) discovery.get(endpoint);
            assertNotNull(url, endpoint);
            assertTrue(url.startsWith(provider.issuer() + "/"), endpoint + " = " + url);
        }
    }

    @Test
    void issuerDoesNotFollowTheHostTheClientUsed() throws Exception {
        Map<String, Object> viaIp = json(get(
                "http://127.0.0.1:" + provider.port() + "/default/.well-known/openid-configuration"));
        assertEquals(provider.issuer(), viaIp.get("issuer"));
        assertEquals(discovery.get("token_endpoint"), viaIp.get("token_endpoint"));
    }

    @Test
    void aliceSignsInAsAdmin() throws Exception {
        JWTClaimsSet claims = signIn("alice", Map.of());
        assertEquals("alice", claims.getSubject());
        assertEquals("Alice Admin", claims.getStringClaim("name"));
        assertEquals("alice@example.com", claims.getStringClaim("email"));
        assertEquals(List.of("admin"), claims.getStringListClaim("groups"));
    }

    @Test
    void bobSignsInWithoutRoles() throws Exception {
        JWTClaimsSet claims = signIn("bob", Map.of());
        assertEquals("bob", claims.getSubject());
        assertEquals("Bob Builder", claims.getStringClaim("name"));
        assertEquals("bob@example.com", claims.getStringClaim("email"));
        List<String> groups = Optional.ofNullable(claims.getStringListClaim("groups")).orElse(List.of());
        assertFalse(groups.contains("admin"), "bob's groups: " + groups);
    }

    @Test
    void testUserNamesIgnoreCaseAndSpaces() throws Exception {
        assertEquals("alice", signIn(" Alice ", Map.of()).getSubject());
    }

    @Test
    void anyOtherNameSignsInWithoutRolesEvenIfItAsksForThem() throws Exception {
        // "claims" is the stock mock-oauth2-server login form's free-form JSON field; the provider drops it.
        JWTClaimsSet claims = signIn("carol", Map.of("claims", "{\"groups\":[\"admin\"],\"email\":\"x@y\"}"));
        assertEquals("carol", claims.getSubject());
        assertEquals("carol", claims.getStringClaim("name"));
        assertNull(claims.getClaim("groups"));
        assertNull(claims.getClaim("email"));
    }

    @Test
    void clientSecretPostWorksToo() throws Exception {
        Authorization authz = authorize("bob", Map.of());
        HttpResponse<String> response = post((String) discovery.get("token_endpoint"), null, form(Map.of(
                "grant_type", "authorization_code",
                "code", authz.code,
                "redirect_uri", REDIRECT_URI,
                "code_verifier", authz.verifier,
                "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET)));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aPublicClientNeedsNoSecret() throws Exception {
        Authorization authz = authorize("alice", Map.of());
        HttpResponse<String> response = post((String) discovery.get("token_endpoint"), null, form(Map.of(
                "grant_type", "authorization_code",
                "code", authz.code,
                "redirect_uri", REDIRECT_URI,
                "code_verifier", authz.verifier,
                "client_id", CLIENT_ID)));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void wrongPkceVerifierIsRefused() throws Exception {
        // mock-oauth2-server logs this refusal at ERROR ("received exception when handling request"); expected.
        Authorization authz = authorize("alice", Map.of());
        HttpResponse<String> response = token(authz.code, "wrong-" + authz.verifier);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("invalid_grant"), response.body());
    }

    @Test
    void endSessionRedirectsToThePostLogoutUri() throws Exception {
        HttpResponse<String> response = get(discovery.get("end_session_endpoint")
                + "?post_logout_redirect_uri=" + enc("http://localhost:1/bye") + "&state=s1");
        assertEquals(302, response.statusCode());
        assertEquals("http://localhost:1/bye?state=s1", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        // That "localhost" reaches the 127.0.0.1 socket is shown by every other test: they all use issuer().
        if (external.isEmpty()) {
            return; // no non-loopback interface on this machine: nothing more to show
        }
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), provider.port()), 2000);
            }
        }, "reachable on " + external.get());
    }

    @Test
    void describeNamesTheUsers() {
        String text = provider.describe();
        assertTrue(text.contains(provider.issuer()));
        assertTrue(text.contains("alice - role admin"), text);
        assertTrue(text.contains("bob   - no roles"), text);
        assertEquals(List.of("alice", "bob"), DevProvider.USERS);
    }

    @Test
    void aSecondProviderGetsItsOwnPortAndKeyAndClosingTwiceIsHarmless() throws Exception {
        DevProvider other = DevProvider.start();
        try {
            assertFalse(other.port() == provider.port());
            RSAKey ours = (RSAKey) JWKSet.parse(get((String) discovery.get("jwks_uri")).body()).getKeys().get(0);
            RSAKey theirs = (RSAKey) JWKSet.parse(get(other.issuer() + "/jwks").body()).getKeys().get(0);
            assertFalse(ours.getModulus().equals(theirs.getModulus()), "both providers sign with the same key");
        } finally {
            other.close();
            other.close();
        }
    }

    // ---- the flow ------------------------------------------------------------------------------------------

    private record Authorization(String code, String verifier, String nonce) {}

    /** Authorization request, login form, form submission; returns the code from the redirect. */
    private static Authorization authorize(String username, Map<String, String> extraFormFields) throws Exception {
        String verifier = random();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = random();
        String nonce = random();
        String authorizeUrl = discovery.get("authorization_endpoint") + "?" + form(Map.of(
                "response_type", "code",
                "client_id", CLIENT_ID,
                "redirect_uri", REDIRECT_URI,
                "scope", "openid profile email",
                "state", state,
                "nonce", nonce,
                "code_challenge", challenge,
                "code_challenge_method", "S256"));

        HttpResponse<String> page = get(authorizeUrl);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<form method=\"post\">"), page.body());
        assertTrue(page.body().contains("name=\"username\""), page.body());
        assertTrue(page.body().contains("type=\"submit\""), page.body());

        // The form has no action, so a browser posts it back to the page's own URL, query string included.
        Map<String, String> fields = new LinkedHashMap<>(extraFormFields);
        fields.put("username", username);
        HttpResponse<String> submitted = post(authorizeUrl, null, form(fields));
        assertEquals(302, submitted.statusCode(), submitted.body());
        URI location = URI.create(submitted.headers().firstValue("Location").orElseThrow());
        assertEquals(REDIRECT_URI, location.getScheme() + "://" + location.getAuthority() + location.getPath());
        Map<String, String> query = parseQuery(location.getRawQuery());
        assertEquals(state, query.get("state"));
        assertNotNull(query.get("code"));
        return new Authorization(query.get("code"), verifier, nonce);
    }

    /** The full flow; returns the ID token's claims after checking signature, iss, aud, nonce and expiry. */
    private static JWTClaimsSet signIn(String username, Map<String, String> extraFormFields) throws Exception {
        Authorization authz = authorize(username, extraFormFields);
        HttpResponse<String> response = token(authz.code, authz.verifier);
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> tokens = JSONObjectUtils.parse(response.body());

        SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
        JWKSet jwks = JWKSet.parse(get((String) discovery.get("jwks_uri")).body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertNotNull(key, "no JWKS key for kid " + idToken.getHeader().getKeyID());
        assertTrue(idToken.verify(new RSASSAVerifier(key)), "ID token signature");

        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        assertEquals(provider.issuer(), claims.getIssuer());
        assertEquals(List.of(CLIENT_ID), claims.getAudience());
        assertEquals(authz.nonce, claims.getStringClaim("nonce"));
        assertTrue(claims.getExpirationTime().after(new Date()));
        return claims;
    }

    /** Token request with client_secret_basic, the method the example apps use. */
    private static HttpResponse<String> token(String code, String verifier) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
        return post((String) discovery.get("token_endpoint"), "Basic " + basic, form(Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "code_verifier", verifier)));
    }

    // ---- HTTP helpers ----------------------------------------------------------------------------------------

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSONObjectUtils.parse(response.body());
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return out.toString();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
