package io.oidckit.testprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sanity suite: the provider is correct by default and each knob does what it says, over real HTTP. */
class TestProviderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String REDIRECT = "http://127.0.0.1:9/callback";

    private static TestProvider op;

    @BeforeAll
    static void startProvider() {
        op = TestProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        op.close();
    }

    @BeforeEach
    void resetProvider() {
        op.reset();
    }

    // --- the happy path ----------------------------------------------------------------------------------------

    @Test
    void discoveryDocumentDescribesTheProvider() throws Exception {
        HttpResponse<String> r = get(op.uri("/.well-known/openid-configuration"));
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Object> d = JSONObjectUtils.parse(r.body());
        assertEquals(op.issuer(), d.get("issuer"));
        assertEquals("http://127.0.0.1:" + op.port(), op.issuer());
        assertEquals(op.issuer() + "/authorize", d.get("authorization_endpoint"));
        assertEquals(op.issuer() + "/token", d.get("token_endpoint"));
        assertEquals(op.issuer() + "/userinfo", d.get("userinfo_endpoint"));
        assertEquals(op.issuer() + "/jwks", d.get("jwks_uri"));
        assertEquals(op.issuer() + "/logout", d.get("end_session_endpoint"));
        assertEquals(List.of("S256"), d.get("code_challenge_methods_supported"));
        assertEquals(List.of("RS256", "ES256"), d.get("id_token_signing_alg_values_supported"));
        assertEquals(Boolean.TRUE, d.get("authorization_response_iss_parameter_supported"));
        // The SDK's own parser accepts it, which is what most relying parties use.
        com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata.parse(r.body());
    }

    @Test
    void jwksParsesAndHoldsOnlyPublicKeys() throws Exception {
        JWKSet set = JWKSet.parse(get(op.uri("/jwks")).body());
        RSAKey rsa = (RSAKey) set.getKeyByKeyId(op.signingKey().getKeyID());
        ECKey ec = (ECKey) set.getKeyByKeyId(op.ecSigningKey().getKeyID());
        assertNotNull(rsa);
        assertNotNull(ec);
        assertFalse(rsa.isPrivate());
        assertFalse(ec.isPrivate());
        assertEquals(JWSAlgorithm.RS256, rsa.getAlgorithm());
        assertEquals(JWSAlgorithm.ES256, ec.getAlgorithm());
    }

    @Test
    void fullRoundTripWithPkceAndClientSecretBasic() throws Exception {
        Login login = authorize("n-0S6_WzA2Mj");
        assertEquals("xyz", login.params.get("state"));
        assertEquals(op.issuer(), login.params.get("iss"));

        HttpResponse<String> token = tokenRequest(login, basicAuth(), Map.of());
        assertEquals(200, token.statusCode(), token.body());
        assertEquals("no-store", token.headers().firstValue("Cache-Control").orElseThrow());
        Map<String, Object> t = JSONObjectUtils.parse(token.body());
        assertEquals("Bearer", t.get("token_type"));
        assertEquals(300L, ((Number) t.get("expires_in")).longValue());

        SignedJWT idToken = SignedJWT.parse((String) t.get("id_token"));
        JWKSet jwks = JWKSet.parse(get(op.uri("/jwks")).body());
        JWK key = jwks.getKeyByKeyId(idToken.getHeader().getKeyID());
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, idToken.getHeader().getType());
        assertTrue(idToken.verify(new RSASSAVerifier((RSAKey) key)));
        JWTClaimsSet c = idToken.getJWTClaimsSet();
        assertEquals(op.issuer(), c.getIssuer());
        assertEquals("alice", c.getSubject());
        assertEquals(List.of(TestProvider.CLIENT_ID), c.getAudience());
        assertEquals("n-0S6_WzA2Mj", c.getStringClaim("nonce"));
        assertEquals("Alice Admin", c.getStringClaim("name"));
        assertEquals(List.of("admin"), c.getStringListClaim("groups"));
        assertTrue(c.getExpirationTime().after(new Date()));
        assertNotNull(c.getClaim("auth_time"));
        assertNotNull(c.getStringClaim("at_hash"));

        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(op.uri("/userinfo"))
                .header("Authorization", "Bearer " + t.get("access_token")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ui.statusCode());
        Map<String, Object> u = JSONObjectUtils.parse(ui.body());
        assertEquals("alice", u.get("sub"));
        assertEquals("alice@example.com", u.get("email"));

        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(op.uri("/userinfo"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bad.statusCode());
        assertEquals(basicAuth(), op.lastTokenRequestAuthorization());
        assertEquals("authorization_code", op.lastTokenRequest().get("grant_type"));
    }

    @Test
    void es256AndAnotherUser() throws Exception {
        op.signingAlgorithm(JWSAlgorithm.ES256).loginAs("bob");
        Login login = authorize("n1");
        Map<String, Object> t = JSONObjectUtils.parse(tokenRequest(login, basicAuth(), Map.of()).body());
        SignedJWT idToken = SignedJWT.parse((String) t.get("id_token"));
        assertEquals(op.ecSigningKey().getKeyID(), idToken.getHeader().getKeyID());
        assertTrue(idToken.verify(new ECDSAVerifier(op.ecSigningKey().toECPublicKey())));
        assertEquals("bob", idToken.getJWTClaimsSet().getSubject());
        assertEquals(List.of(), idToken.getJWTClaimsSet().getStringListClaim("groups"));
    }

    @Test
    void logoutRedirectsBackWithState() throws Exception {
        HttpResponse<String> r = get(URI.create(op.issuer() + "/logout?post_logout_redirect_uri="
                + enc("http://localhost:8080/") + "&state=s1&client_id=" + TestProvider.CLIENT_ID));
        assertEquals(302, r.statusCode());
        assertEquals("http://localhost:8080/?state=s1", r.headers().firstValue("Location").orElseThrow());
        assertEquals(200, get(op.uri("/logout")).statusCode());
        assertEquals(400, get(URI.create(op.issuer() + "/logout?post_logout_redirect_uri=" + enc("https://evil.example/")))
                .statusCode());
    }

    // --- the token endpoint is strict --------------------------------------------------------------------------

    @Test
    void codeIsSingleUse() throws Exception {
        Login login = authorize("n");
        assertEquals(200, tokenRequest(login, basicAuth(), Map.of()).statusCode());
        HttpResponse<String> again = tokenRequest(login, basicAuth(), Map.of());
        assertEquals(400, again.statusCode());
        assertEquals("invalid_grant", JSONObjectUtils.parse(again.body()).get("error"));
    }

    @Test
    void wrongVerifierOrRedirectUriIsRejected() throws Exception {
        Login login = authorize("n");
        HttpResponse<String> r = tokenRequest(login.withVerifier(pkceVerifier()), basicAuth(), Map.of());
        assertEquals(400, r.statusCode());
        assertEquals("invalid_grant", JSONObjectUtils.parse(r.body()).get("error"));

        Login other = authorize("n");
        r = tokenRequest(other, basicAuth(), Map.of("redirect_uri", "http://127.0.0.1:9/other"));
        assertEquals("invalid_grant", JSONObjectUtils.parse(r.body()).get("error"));
    }

    @Test
    void wrongSecretIsRejected() throws Exception {
        Login login = authorize("n");
        String wrong = "Basic " + Base64.getEncoder().encodeToString("test-client:nope".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = tokenRequest(login, wrong, Map.of());
        assertEquals(401, r.statusCode());
        assertEquals("invalid_client", JSONObjectUtils.parse(r.body()).get("error"));
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        // A failed client authentication does not spend the code.
        assertEquals(200, tokenRequest(login, basicAuth(), Map.of()).statusCode());
    }

    @Test
    void clientSecretPostMode() throws Exception {
        op.clientAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        Login login = authorize("n");
        assertEquals(401, tokenRequest(login, basicAuth(), Map.of()).statusCode());
        HttpResponse<String> ok = tokenRequest(login, null,
                Map.of("client_id", TestProvider.CLIENT_ID, "client_secret", TestProvider.CLIENT_SECRET));
        assertEquals(200, ok.statusCode(), ok.body());
        assertNull(op.lastTokenRequestAuthorization());
    }

    @Test
    void privateKeyJwtMode() throws Exception {
        RSAKey clientKey = new RSAKeyGenerator(2048).keyID("client-1").generate();
        op.clientAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT).clientPublicKey(clientKey.toPublicJWK());
        Login login = authorize("n");
        assertEquals(401, tokenRequest(login, basicAuth(), Map.of()).statusCode());

        String badAud = assertion(clientKey, "https://elsewhere.example/token");
        assertEquals(401, tokenRequest(login, null, assertionParams(badAud)).statusCode());

        String good = assertion(clientKey, op.issuer() + "/token");
        HttpResponse<String> ok = tokenRequest(login, null, assertionParams(good));
        assertEquals(200, ok.statusCode(), ok.body());

        // Signed by someone else's key.
        Login second = authorize("n");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("client-1").generate();
        assertEquals(401, tokenRequest(second, null, assertionParams(assertion(stranger, op.issuer()))).statusCode());
    }

    // --- authorization endpoint errors -------------------------------------------------------------------------

    @Test
    void authorizationErrors() throws Exception {
        HttpResponse<String> badRedirect = get(authorizeUri(Map.of("redirect_uri", "https://evil.example/cb")));
        assertEquals(400, badRedirect.statusCode());
        assertFalse(badRedirect.headers().firstValue("Location").isPresent());

        Map<String, String> noPkce = new LinkedHashMap<>(authorizeParams("n", "c"));
        noPkce.remove("code_challenge");
        HttpResponse<String> r = get(URI.create(op.issuer() + "/authorize?" + form(noPkce)));
        assertEquals(302, r.statusCode());
        Map<String, String> p = query(r);
        assertEquals("invalid_request", p.get("error"));
        assertEquals("xyz", p.get("state"));
        assertFalse(p.containsKey("code"));
    }

    @Test
    void issParameterCanBeChangedOrDropped() throws Exception {
        op.authorizationResponseIss("https://mix-up.example");
        assertEquals("https://mix-up.example", authorize("n").params.get("iss"));
        op.authorizationResponseIss(null);
        assertFalse(authorize("n").params.containsKey("iss"));
    }

    // --- misbehaviour ------------------------------------------------------------------------------------------

    @Test
    void rotateKeysChangesKids() throws Exception {
        String rsaKid = op.signingKey().getKeyID();
        String ecKid = op.ecSigningKey().getKeyID();
        op.rotateKeys();
        assertNotEquals(rsaKid, op.signingKey().getKeyID());
        assertNotEquals(ecKid, op.ecSigningKey().getKeyID());
        JWKSet set = JWKSet.parse(get(op.uri("/jwks")).body());
        assertNull(set.getKeyByKeyId(rsaKid));
        assertNotNull(set.getKeyByKeyId(op.signingKey().getKeyID()));
    }

    @Test
    void extraJwksAreAppendedVerbatim() throws Exception {
        op.extraJwks(List.of(Map.of("kty", "XYZ", "kid", "garbage")));
        Map<String, Object> jwks = JSONObjectUtils.parse(get(op.uri("/jwks")).body());
        List<?> keys = (List<?>) jwks.get("keys");
        assertEquals(3, keys.size());
        assertEquals(Map.of("kty", "XYZ", "kid", "garbage"), keys.get(2));
    }

    @Test
    void forgedIdTokenAndEditedDocuments() throws Exception {
        op.forgeIdToken((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims).issuer("https://evil.example").build()))
                .discovery(d -> {
                    d.remove("end_session_endpoint");
                    return d;
                })
                .userInfo(u -> {
                    u.put("sub", "mallory");
                    return u;
                });
        Map<String, Object> t = JSONObjectUtils.parse(tokenRequest(authorize("n"), basicAuth(), Map.of()).body());
        assertEquals("https://evil.example", SignedJWT.parse((String) t.get("id_token")).getJWTClaimsSet().getIssuer());
        assertFalse(JSONObjectUtils.parse(get(op.uri("/.well-known/openid-configuration")).body())
                .containsKey("end_session_endpoint"));
        HttpResponse<String> ui = HTTP.send(HttpRequest.newBuilder(op.uri("/userinfo"))
                .header("Authorization", "Bearer " + t.get("access_token")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("mallory", JSONObjectUtils.parse(ui.body()).get("sub"));
    }

    @Test
    void signWithArbitraryHeaderAndKey() throws Exception {
        JWTClaimsSet claims = op.idTokenClaims("alice", "n").build();
        String hs = op.sign(new JWSHeader(JWSAlgorithm.HS256), claims,
                new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(TestProvider.CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)).build());
        assertEquals(JWSAlgorithm.HS256, SignedJWT.parse(hs).getHeader().getAlgorithm());
        JWSVerifier v = new RSASSAVerifier(op.signingKey());
        assertTrue(SignedJWT.parse(op.sign(claims)).verify(v));
    }

    @Test
    void respondOverridesTheEndpoint() throws Exception {
        op.respond(Endpoint.DISCOVERY, 500, "application/json", "{not json");
        HttpResponse<String> r = get(op.uri("/.well-known/openid-configuration"));
        assertEquals(500, r.statusCode());
        assertEquals("{not json", r.body());
        op.reset();
        assertEquals(200, get(op.uri("/.well-known/openid-configuration")).statusCode());
    }

    @Test
    void countersCountAndResetClearsThem() throws Exception {
        get(op.uri("/jwks"));
        get(op.uri("/jwks"));
        get(op.uri("/nowhere"));
        assertEquals(2, op.calls(Endpoint.JWKS));
        assertEquals(0, op.calls(Endpoint.TOKEN));
        assertEquals(404, get(op.uri("/nowhere")).statusCode());
        op.reset();
        assertEquals(0, op.calls(Endpoint.JWKS));
    }

    @Test
    void downAndUpKeepThePort() throws Exception {
        int port = op.port();
        op.down();
        assertThrows(ConnectException.class, () -> get(op.uri("/jwks")));
        op.up();
        assertEquals(port, op.port());
        assertEquals(200, get(op.uri("/jwks")).statusCode());
        op.down();
        op.reset(); // reset brings it back up, too
        assertEquals(200, get(op.uri("/jwks")).statusCode());
    }

    @Test
    void stallDoesNotBlockOtherEndpointsAndResetReleasesIt() throws Exception {
        op.stall(Endpoint.DISCOVERY, Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> stalled = HTTP.sendAsync(
                HttpRequest.newBuilder(op.uri("/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get(op.uri("/jwks")).statusCode());
        Thread.sleep(100);
        assertFalse(stalled.isDone());
        op.reset();
        assertEquals(200, stalled.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void closeReleasesAStallImmediately() {
        TestProvider own = TestProvider.start();
        own.stall(Endpoint.TOKEN, Duration.ofSeconds(60));
        CompletableFuture<HttpResponse<String>> stalled = HTTP.sendAsync(
                HttpRequest.newBuilder(own.uri("/token")).POST(HttpRequest.BodyPublishers.ofString("a=b"))
                        .header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (own.calls(Endpoint.TOKEN) == 0) {
                Thread.sleep(10);
            }
            own.close();
            ExecutionException e = assertThrows(ExecutionException.class, stalled::get);
            assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
        });
        assertThrows(ConnectException.class, () -> get(own.uri("/jwks")));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Login(String code, String verifier, Map<String, String> params) {
        Login withVerifier(String v) {
            return new Login(code, v, params);
        }
    }

    private static Login authorize(String nonce) throws Exception {
        String verifier = pkceVerifier();
        HttpResponse<String> r = get(authorizeUri(authorizeParams(nonce, challenge(verifier))));
        assertEquals(302, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElseThrow().startsWith(REDIRECT + "?"));
        Map<String, String> p = query(r);
        assertNotNull(p.get("code"), p.toString());
        return new Login(p.get("code"), verifier, p);
    }

    private static Map<String, String> authorizeParams(String nonce, String challenge) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", TestProvider.CLIENT_ID);
        p.put("redirect_uri", REDIRECT);
        p.put("scope", "openid email profile");
        p.put("state", "xyz");
        p.put("nonce", nonce);
        p.put("code_challenge", challenge);
        p.put("code_challenge_method", "S256");
        return p;
    }

    private static URI authorizeUri(Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>(authorizeParams("n", "c"));
        p.putAll(overrides);
        return URI.create(op.issuer() + "/authorize?" + form(p));
    }

    private static HttpResponse<String> tokenRequest(Login login, String authorization, Map<String, String> extra)
            throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", login.code);
        p.put("redirect_uri", REDIRECT);
        p.put("code_verifier", login.verifier);
        p.putAll(extra);
        HttpRequest.Builder b = HttpRequest.newBuilder(op.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(p)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basicAuth() {
        String creds = enc(TestProvider.CLIENT_ID) + ":" + enc(TestProvider.CLIENT_SECRET);
        return "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
    }

    private static String assertion(RSAKey key, String audience) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TestProvider.CLIENT_ID).subject(TestProvider.CLIENT_ID)
                .audience(audience).jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        return op.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims, key);
    }

    private static Map<String, String> assertionParams(String assertion) {
        return Map.of("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion);
    }

    private static String pkceVerifier() {
        return UUID.randomUUID() + "-" + UUID.randomUUID();
    }

    private static String challenge(String verifier) throws Exception {
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(HttpResponse<?> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String q = URI.create(location).getRawQuery();
        return java.util.Arrays.stream(q.split("&")).map(s -> s.split("=", 2))
                .collect(Collectors.toMap(a -> URLDecoder.decode(a[0], StandardCharsets.UTF_8),
                        a -> URLDecoder.decode(a[1], StandardCharsets.UTF_8)));
    }

    private static String form(Map<String, String> p) {
        return p.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
