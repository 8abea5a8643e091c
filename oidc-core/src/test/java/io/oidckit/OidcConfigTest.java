package io.oidckit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Configuration")
class OidcConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("OIDC_AUTHORITY", "https://login.example.com/realms/main");
        m.put("OIDC_CLIENT_ID", "app");
        m.put("OIDC_CLIENT_SECRET", "s3cr3t-value-that-must-never-show");
        m.put("OIDC_REDIRECT_URI", "https://app.example.com/auth/callback");
        return m;
    }

    @Test
    @DisplayName("reads the contract's variables with their defaults")
    void defaults() {
        OidcConfig c = OidcConfig.fromMap(minimal());
        assertEquals(List.of("openid", "email", "profile"), c.scopes());
        assertEquals("groups", c.rolesClaim());
        assertEquals("/", c.basePath());
        assertEquals(Duration.ofSeconds(60), c.clockSkew());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Duration.ofSeconds(10), c.responseTimeout());
        assertEquals(1024 * 1024, c.maxResponseBytes());
        assertEquals(10, c.maxPendingLogins());
        assertEquals(Duration.ofMinutes(10), c.pendingLoginTtl());
        assertEquals(Duration.ofSeconds(30), c.jwksRefreshInterval());
        assertEquals(OidcConfig.ClientAuthMethod.CLIENT_SECRET_BASIC, c.clientAuthMethod());
        assertEquals("https://app.example.com/", c.postLogoutRedirectUri().toString());
        assertFalse(c.idTokenSigningAlgs().contains("none"));
        assertFalse(c.idTokenSigningAlgs().contains("HS256"));
    }

    @Test
    @DisplayName("reports every problem at once, one line each, naming the variable")
    void allProblems() {
        Map<String, String> m = new HashMap<>();
        m.put("OIDC_REDIRECT_URI", "not a url");
        m.put("OIDC_HTTP_TIMEOUT", "soon");
        OidcConfigException e = assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("OIDC101 OIDC_AUTHORITY is required"), all);
        assertTrue(all.contains("OIDC101 OIDC_CLIENT_ID is required"), all);
        assertTrue(all.contains("OIDC101 OIDC_CLIENT_SECRET is required"), all);
        assertTrue(all.contains("OIDC102 OIDC_REDIRECT_URI must be an absolute"), all);
        assertTrue(all.contains("OIDC102 OIDC_HTTP_TIMEOUT must be a positive duration"), all);
        assertEquals(5, e.problems().size(), all);
        for (String line : e.problems()) assertTrue(line.contains("docs/errors.md#oidc1"), line);
    }

    @Test
    @DisplayName("accepts http only for loopback authorities unless the insecure setting is on")
    void httpOnlyLoopback() {
        for (String ok : new String[]{"http://localhost:8080/realms/x", "http://127.0.0.1:9000", "http://127.8.9.10", "http://[::1]:80"}) {
            Map<String, String> m = minimal();
            m.put("OIDC_AUTHORITY", ok);
            OidcConfig.fromMap(m);
        }
        for (String bad : new String[]{"http://login.example.com", "http://10.0.0.1", "http://localhost.evil.example", "http://127.0.0.1.nip.io"}) {
            Map<String, String> m = minimal();
            m.put("OIDC_AUTHORITY", bad);
            OidcConfigException e = assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m), bad);
            assertTrue(e.getMessage().startsWith("OIDC103 OIDC_AUTHORITY must use https://"), e.getMessage());
            m.put("OIDC_ALLOW_INSECURE_HTTP", "true");
            OidcConfig.fromMap(m);
        }
    }

    @Test
    @DisplayName("never shows secrets in toString or in errors")
    void secretsMasked() {
        Map<String, String> m = minimal();
        m.put("OIDC_SESSION_SECRET", "x".repeat(40));
        OidcConfig c = OidcConfig.fromMap(m);
        assertFalse(c.toString().contains("s3cr3t"));
        assertFalse(c.toString().contains("xxxx"));
        m.put("OIDC_CLIENT_AUTH_METHOD", "bogus");
        OidcConfigException e = assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m));
        assertFalse(e.getMessage().contains("s3cr3t"));
        assertTrue(e.getMessage().contains("OIDC_CLIENT_AUTH_METHOD"));
    }

    @Test
    @DisplayName("skipping discovery needs the static endpoints")
    void skipDiscovery() {
        Map<String, String> m = minimal();
        m.put("OIDC_SKIP_DISCOVERY", "true");
        String all = String.join("\n", assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m)).problems());
        assertTrue(all.contains("OIDC_AUTHORIZATION_ENDPOINT"));
        assertTrue(all.contains("OIDC_TOKEN_ENDPOINT"));
        assertTrue(all.contains("OIDC_JWKS_URI"));
        m.put("OIDC_AUTHORIZATION_ENDPOINT", "https://login.example.com/authorize");
        m.put("OIDC_TOKEN_ENDPOINT", "https://login.example.com/token");
        m.put("OIDC_JWKS_URI", "https://login.example.com/jwks");
        assertTrue(OidcConfig.fromMap(m).skipDiscovery());
    }

    @Test
    @DisplayName("normalises the base path and checks it")
    void basePath() {
        Map<String, String> m = minimal();
        m.put("URL_BASE_PATHNAME", "app");
        assertEquals("/app/", OidcConfig.fromMap(m).basePath());
        m.put("URL_BASE_PATHNAME", "/a b/");
        assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m));
    }

    @Test
    @DisplayName("parses durations in ms, s, m and h, and ISO-8601")
    void durations() {
        Map<String, String> m = minimal();
        m.put("OIDC_HTTP_CONNECT_TIMEOUT", "500ms");
        m.put("OIDC_CACHE_TTL", "15m");
        m.put("OIDC_SESSION_MAX_AGE", "PT2H");
        m.put("OIDC_CLOCK_SKEW", "30");
        OidcConfig c = OidcConfig.fromMap(m);
        assertEquals(Duration.ofMillis(500), c.connectTimeout());
        assertEquals(Duration.ofMinutes(15), c.cacheTtl());
        assertEquals(Duration.ofHours(2), c.sessionMaxAge());
        assertEquals(Duration.ofSeconds(30), c.clockSkew());
    }

    @Test
    @DisplayName("refuses alg none and unknown algorithms")
    void algorithms() {
        Map<String, String> m = minimal();
        m.put("OIDC_ID_TOKEN_SIGNING_ALGS", "RS256 none");
        assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m));
    }

    @Test
    @DisplayName("private_key_jwt needs a private JWK instead of a secret")
    void privateKeyJwt() throws Exception {
        Map<String, String> m = minimal();
        m.remove("OIDC_CLIENT_SECRET");
        m.put("OIDC_CLIENT_AUTH_METHOD", "private_key_jwt");
        assertTrue(assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m)).getMessage().contains("OIDC_CLIENT_PRIVATE_KEY"));
        m.put("OIDC_CLIENT_PRIVATE_KEY", new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        assertEquals(OidcConfig.ClientAuthMethod.PRIVATE_KEY_JWT, OidcConfig.fromMap(m).clientAuthMethod());
    }

    @Test
    @DisplayName("reads protected routes from OIDC_PROTECT")
    void protect() {
        Map<String, String> m = minimal();
        m.put("OIDC_PROTECT", "profile, admin/** role:admin|ops, api/** api");
        List<AccessRule> rules = OidcConfig.fromMap(m).accessRules();
        assertEquals(3, rules.size());
        assertEquals("profile", rules.get(0).pattern());
        assertTrue(rules.get(0).requirement().roles().isEmpty());
        assertEquals(java.util.Set.of("admin", "ops"), rules.get(1).requirement().roles());
        assertTrue(rules.get(2).requirement().api());
        assertTrue(rules.get(1).matches("admin/users"));
        assertFalse(rules.get(0).matches("profiles"));
        m.put("OIDC_PROTECT", "profile nonsense");
        assertTrue(assertThrows(OidcConfigException.class, () -> OidcConfig.fromMap(m)).getMessage().contains("OIDC_PROTECT"));
    }
}
