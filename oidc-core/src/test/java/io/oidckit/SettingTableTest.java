package io.oidckit;

import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The settings table")
class SettingTableTest {

    /** The typed accessor of each setting: the table's values must reach them. */
    static final Map<Setting, Function<OidcConfig, Object>> ACCESSORS = accessors();

    private static Map<Setting, Function<OidcConfig, Object>> accessors() {
        Map<Setting, Function<OidcConfig, Object>> a = new EnumMap<>(Setting.class);
        a.put(Setting.OIDC_AUTHORITY, OidcConfig::authority);
        a.put(Setting.OIDC_CLIENT_ID, OidcConfig::clientId);
        a.put(Setting.OIDC_CLIENT_SECRET, OidcConfig::clientSecret);
        a.put(Setting.OIDC_REDIRECT_URI, OidcConfig::redirectUri);
        a.put(Setting.OIDC_SCOPE, OidcConfig::scopes);
        a.put(Setting.OIDC_SKIP_DISCOVERY, OidcConfig::skipDiscovery);
        a.put(Setting.OIDC_AUTHORIZATION_ENDPOINT, OidcConfig::authorizationEndpoint);
        a.put(Setting.OIDC_TOKEN_ENDPOINT, OidcConfig::tokenEndpoint);
        a.put(Setting.OIDC_JWKS_URI, OidcConfig::jwksUri);
        a.put(Setting.OIDC_USERINFO_ENDPOINT, OidcConfig::userInfoEndpoint);
        a.put(Setting.OIDC_END_SESSION_ENDPOINT, OidcConfig::endSessionEndpoint);
        a.put(Setting.OIDC_POST_LOGOUT_REDIRECT_URI, OidcConfig::postLogoutRedirectUri);
        a.put(Setting.OIDC_ROLES_CLAIM, OidcConfig::rolesClaim);
        a.put(Setting.OIDC_SESSION_SECRET, OidcConfig::sessionSecret);
        a.put(Setting.OIDC_SESSION_MODE, OidcConfig::sessionMode);
        a.put(Setting.OIDC_SESSION_IDLE_TIMEOUT, OidcConfig::sessionIdleTimeout);
        a.put(Setting.URL_BASE_PATHNAME, OidcConfig::basePath);
        a.put(Setting.OIDC_PROTECT, OidcConfig::accessRules);
        a.put(Setting.OIDC_CLIENT_AUTH_METHOD, OidcConfig::clientAuthMethod);
        a.put(Setting.OIDC_CLIENT_PRIVATE_KEY, OidcConfig::clientPrivateKeyJwk);
        a.put(Setting.OIDC_FETCH_USERINFO, OidcConfig::fetchUserInfo);
        a.put(Setting.OIDC_ID_TOKEN_SIGNING_ALGS, OidcConfig::idTokenSigningAlgs);
        a.put(Setting.OIDC_CLOCK_SKEW, OidcConfig::clockSkew);
        a.put(Setting.OIDC_HTTP_CONNECT_TIMEOUT, OidcConfig::connectTimeout);
        a.put(Setting.OIDC_HTTP_TIMEOUT, OidcConfig::responseTimeout);
        a.put(Setting.OIDC_HTTP_MAX_RESPONSE_BYTES, OidcConfig::maxResponseBytes);
        a.put(Setting.OIDC_CACHE_TTL, OidcConfig::cacheTtl);
        a.put(Setting.OIDC_JWKS_REFRESH_INTERVAL, OidcConfig::jwksRefreshInterval);
        a.put(Setting.OIDC_RETRY_BACKOFF, OidcConfig::retryBackoff);
        a.put(Setting.OIDC_RETRY_BACKOFF_MAX, OidcConfig::retryBackoffMax);
        a.put(Setting.OIDC_MAX_PENDING_LOGINS, OidcConfig::maxPendingLogins);
        a.put(Setting.OIDC_PENDING_LOGIN_TTL, OidcConfig::pendingLoginTtl);
        a.put(Setting.OIDC_SESSION_MAX_AGE, OidcConfig::sessionMaxAge);
        a.put(Setting.OIDC_ALLOW_INSECURE_HTTP, OidcConfig::allowInsecureHttp);
        a.put(Setting.OIDC_API_AUDIENCE, OidcConfig::apiAudience);
        a.put(Setting.OIDC_API_JWT_TYPES, OidcConfig::apiJwtTypes);
        a.put(Setting.OIDC_INTROSPECTION_ENDPOINT, OidcConfig::introspectionEndpoint);
        a.put(Setting.OIDC_API_INTROSPECT, OidcConfig::apiIntrospect);
        a.put(Setting.OIDC_API_CACHE_TTL, OidcConfig::apiCacheTtl);
        a.put(Setting.OIDC_REDIS_URL, OidcConfig::redisUrl);
        a.put(Setting.OIDC_KEEP_TOKENS, OidcConfig::keepTokens);
        a.put(Setting.OIDC_REFRESH_GRACE, OidcConfig::refreshGrace);
        return a;
    }

    /** The required settings, loopback: the base every example is laid over. */
    static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("OIDC_AUTHORITY", "http://127.0.0.1:9/realms/main");
        m.put("OIDC_CLIENT_ID", "app");
        m.put("OIDC_CLIENT_SECRET", "s3cr3t-value-that-must-never-show");
        m.put("OIDC_REDIRECT_URI", "http://127.0.0.1:8080/auth/callback");
        return m;
    }

    /** {@link #base()} with {@code s}'s example, and what that example needs. */
    static Map<String, String> withExample(Setting s) throws Exception {
        Map<String, String> m = base();
        if (s == Setting.OIDC_CLIENT_PRIVATE_KEY) {
            m.put(s.envName(), new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                    .keyID("k1").generate().toJSONString());
            return m;
        }
        m.put(s.envName(), s.example());
        if (s == Setting.OIDC_SESSION_MODE) m.put(Setting.OIDC_SESSION_SECRET.envName(), Setting.OIDC_SESSION_SECRET.example());
        if (s == Setting.OIDC_SKIP_DISCOVERY) {
            for (Setting e : EnumSet.of(Setting.OIDC_AUTHORIZATION_ENDPOINT, Setting.OIDC_TOKEN_ENDPOINT, Setting.OIDC_JWKS_URI)) {
                m.put(e.envName(), e.example());
            }
        }
        return m;
    }

    @Test
    @DisplayName("spells every setting by one rule: OIDC_ dropped, lower case, - for _; camelCase for JSON")
    void oneRule() {
        assertEquals("http-timeout", Setting.OIDC_HTTP_TIMEOUT.key());
        assertEquals("oidckit.http-timeout", Setting.OIDC_HTTP_TIMEOUT.property());
        assertEquals("httpTimeout", Setting.OIDC_HTTP_TIMEOUT.jsonKey());
        assertEquals("oidckit.url-base-pathname", Setting.URL_BASE_PATHNAME.property());
        assertEquals("urlBasePathname", Setting.URL_BASE_PATHNAME.jsonKey());
        assertEquals("fetchUserinfo", Setting.OIDC_FETCH_USERINFO.jsonKey());
        Set<String> loose = new HashSet<>();
        for (Setting s : Setting.values()) {
            String bare = s.envName().startsWith("OIDC_") ? s.envName().substring(5) : s.envName();
            assertEquals(bare.toLowerCase(java.util.Locale.ROOT).replace('_', '-'), s.key(), s.name());
            assertEquals(s.key().replace("-", ""), s.jsonKey().toLowerCase(java.util.Locale.ROOT), s.name());
            assertTrue(loose.add(s.key().replace("-", "")), "two settings with one loose key: " + s);
            for (Naming n : Naming.values()) assertSame(s, n.match(n.keyOf(s)).orElseThrow(), n + " " + s);
        }
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("has, for each setting, a default that reads, an example other than the default, documentation")
    void row(Setting s) throws Exception {
        assertTrue(s.doc().endsWith(".") && !s.doc().contains("\n"), "one line of documentation: " + s);
        assertNotNull(s.expected(), s.name());
        ConfigNames names = new ConfigNames();
        names.resolve(s.doc()); // every {SETTING} they mention is one
        names.resolve(s.expected());
        OidcConfig plain = OidcConfig.fromMap(base());
        OidcConfig changed = OidcConfig.fromMap(withExample(s));
        assertNotEquals(plain.text(s), changed.text(s), "the example differs from the default: " + s);
        assertEquals(changed.value(s), ACCESSORS.get(s).apply(changed), "the accessor returns the value: " + s);
        Map<String, String> again = base();
        again.putAll(withExample(s));
        again.put(s.envName(), changed.text(s));
        assertEquals(changed.text(s), OidcConfig.fromMap(again).text(s), "text() reads back: " + s);
        if (s.defaultValue() != null) {
            assertEquals(ConfigValues.format(s, ConfigValues.parse(s, s.defaultValue())), plain.text(s), s.name());
        }
    }

    @Test
    @DisplayName("has an accessor for every setting")
    void accessors_() {
        assertEquals(EnumSet.allOf(Setting.class), ACCESSORS.keySet());
    }

    @Test
    @DisplayName("the examples of all settings make a valid configuration together")
    void allExamples() throws Exception {
        Map<String, String> all = new HashMap<>();
        for (Setting s : Setting.values()) all.putAll(withExample(s));
        for (Setting s : Setting.values()) if (s.example() != null) all.put(s.envName(), s.example());
        OidcConfig config = OidcConfig.fromMap(all);
        assertEquals("/app/", config.basePath());
        assertTrue(config.skipDiscovery());
    }

    @Test
    @DisplayName("docs/configuration.md lists every setting with its property, JSON key and default, and nothing else")
    void docs() throws IOException {
        Map<String, String[]> rows = docRows();
        Map<String, String> missing = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String[] row = rows.remove(s.envName());
            if (row == null) {
                missing.put(s.envName(), "no row");
                continue;
            }
            assertEquals("`" + s.property() + "`, `" + s.jsonKey() + "`", row[1], "keys of " + s);
            assertEquals(s.defaultText(), row[2], "default of " + s);
        }
        assertEquals(Map.of(), missing, "settings missing from docs/configuration.md");
        assertEquals(Set.of(), rows.keySet(), "rows of docs/configuration.md that are no setting");
    }

    @Test
    @DisplayName("docs/errors.md explains every code, OIDC104 included")
    void errorCodes() throws IOException {
        String errors = Files.readString(Path.of("..", "docs", "errors.md"), StandardCharsets.UTF_8);
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(errors.contains("<a id=\"" + c.code().toLowerCase(java.util.Locale.ROOT) + "\"></a>"), c.code());
        }
    }

    @Test
    @DisplayName("the docs and the READMEs name no oidckit.* property that is not a setting, but in OIDC104's examples")
    void noStaleNames() throws IOException {
        Pattern property = Pattern.compile("(?<![.\\w/-])oidckit\\.[A-Za-z][\\w-]*");
        Set<String> ownKeys = Set.of("oidckit.enabled", "oidckit.user", "oidckit.id_token", "oidckit.pending", "oidckit.logout",
                "oidckit.session", "oidckit.login", "oidckit.refresh");
        java.util.List<Path> files = new java.util.ArrayList<>(java.util.List.of(Path.of("..", "README.md"), Path.of("README.md")));
        try (var docs = Files.list(Path.of("..", "docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).forEach(files::add);
        }
        try (var modules = Files.list(Path.of(".."))) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).forEach(files::add);
        }
        java.util.List<String> stale = new java.util.ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.contains("OIDC104")) continue;
                Matcher m = property.matcher(line);
                while (m.find()) {
                    if (!ownKeys.contains(m.group()) && Naming.PROPERTY.owner(m.group()).isEmpty()) stale.add(f + ": " + m.group());
                }
            }
        }
        assertEquals(java.util.List.of(), stale);
    }

    /** The rows of the settings tables: the variable, its keys, its default, its meaning. */
    static Map<String, String[]> docRows() throws IOException {
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\|(.*)\\|\\s*$");
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) continue;
            String[] cells = m.group(2).split("(?<!\\\\)\\|", -1);
            String[] r = new String[cells.length + 1];
            r[0] = m.group(1);
            for (int i = 0; i < cells.length; i++) r[i + 1] = cells[i].trim();
            rows.put(m.group(1), r);
        }
        return rows;
    }
}
