package io.oidckit;

import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Settings from any source")
class SettingsSourceTest {

    static Map<String, Object> properties(Map<String, String> env) {
        Map<String, Object> p = new HashMap<>();
        env.forEach((k, v) -> p.put(Setting.byEnvName(k).orElseThrow().property(), v));
        return p;
    }

    static String problems(SettingsSource source) {
        return String.join("\n", assertThrows(OidcConfigException.class, () -> OidcConfig.from(source)).problems());
    }

    @Nested
    @DisplayName("names")
    class Names {
        @Test
        @DisplayName("match properties loosely, as Spring's relaxed binding does, and environment variables exactly")
        void loose() {
            for (String key : List.of("oidckit.http-timeout", "oidckit.httpTimeout", "oidckit.http_timeout", "OIDCKIT_HTTP_TIMEOUT")) {
                assertEquals(Setting.OIDC_HTTP_TIMEOUT, Naming.PROPERTY.match(key).orElseThrow(), key);
            }
            assertEquals(Setting.OIDC_FETCH_USERINFO, Naming.PROPERTY.match("oidckit.fetch-user-info").orElseThrow());
            for (String key : List.of("httpTimeout", "http-timeout", "HTTP_TIMEOUT")) {
                assertEquals(Setting.OIDC_HTTP_TIMEOUT, Naming.JSON.match(key).orElseThrow(), key);
            }
            assertEquals(Setting.OIDC_FETCH_USERINFO, Naming.JSON.match("fetchUserInfo").orElseThrow());
            assertTrue(Naming.ENV.match("oidc_http_timeout").isEmpty());
            assertTrue(Naming.PROPERTY.match("oidckit.protect[0].pattern").isEmpty(), "a key below a setting is not its value");
            assertEquals(Setting.OIDC_PROTECT, Naming.PROPERTY.owner("oidckit.protect[0].pattern").orElseThrow());
            assertEquals(Setting.OIDC_PROTECT, Naming.PROPERTY.owner("OIDCKIT_PROTECT_0_PATTERN").orElseThrow());
            assertEquals(Setting.OIDC_RETRY_BACKOFF_MAX, Naming.PROPERTY.owner("OIDCKIT_RETRY_BACKOFF_MAX").orElseThrow());
        }

        @Test
        @DisplayName("a malformed value is named as it was written: property, JSON key, environment variable")
        void asWritten() {
            Map<String, String> env = SettingTableTest.base();
            env.put("OIDC_HTTP_TIMEOUT", "soon");
            assertTrue(problems(SettingsSource.of(env, Naming.ENV)).contains("OIDC102 OIDC_HTTP_TIMEOUT must be a positive duration"));
            Map<String, Object> p = properties(env);
            assertTrue(problems(SettingsSource.of(p, Naming.PROPERTY)).contains("OIDC102 oidckit.http-timeout must be a positive duration"));
            p.remove("oidckit.http-timeout");
            p.put("OIDCKIT_HTTP_TIMEOUT", "soon");
            assertTrue(problems(SettingsSource.of(p, Naming.PROPERTY)).contains("OIDC102 OIDCKIT_HTTP_TIMEOUT must be"));
            Map<String, Object> json = new HashMap<>(Map.of("authority", "http://127.0.0.1:9", "clientId", "a",
                    "clientSecret", "s", "redirectUri", "http://127.0.0.1/cb", "httpTimeout", "soon"));
            assertTrue(problems(SettingsSource.of(json, Naming.JSON, Naming.ENV)).contains("OIDC102 httpTimeout must be a positive duration"));
        }

        @Test
        @DisplayName("a missing setting is named every way the source reads it, and messages name other settings its way")
        void missingAndReferences() {
            SettingsSource spring = SettingsSource.of(Map.of("oidckit.authority", "http://login.example.com"), Naming.PROPERTY)
                    .then(SettingsSource.of(Map.of(), Naming.ENV));
            String all = problems(spring);
            assertTrue(all.contains("OIDC101 oidckit.client-id or OIDC_CLIENT_ID is required: the client id"), all);
            assertTrue(all.contains("(or set oidckit.client-auth-method=private_key_jwt)"), all);
            assertTrue(all.contains("OIDC103 oidckit.authority must use https:// (http:// is accepted only for localhost, "
                    + "127.0.0.0/8 and [::1], or with oidckit.allow-insecure-http=true), got http://login.example.com"), all);
        }

        @Test
        @DisplayName("secrets are never repeated; a URL is")
        void secrets() {
            Map<String, String> env = SettingTableTest.base();
            env.put("OIDC_SESSION_SECRET", "short-and-secret");
            env.put("OIDC_REDIRECT_URI", "nota url at all");
            String all = problems(SettingsSource.of(env, Naming.ENV));
            assertFalse(all.contains("short-and-secret"), all);
            assertTrue(all.contains("OIDC_SESSION_SECRET must be one or more secrets of at least 32 characters each"), all);
            assertTrue(all.contains("got nota url at all"), all);
        }
    }

    @Nested
    @DisplayName("values")
    class Values {
        @Test
        @DisplayName("the first source that has a setting wins; blank counts as unset and falls through")
        void precedence() {
            Map<String, Object> upper = properties(SettingTableTest.base());
            upper.put("oidckit.client-id", "from-properties");
            upper.put("oidckit.roles-claim", " ");
            Map<String, String> lower = Map.of("OIDC_CLIENT_ID", "from-env", "OIDC_ROLES_CLAIM", "realm_access.roles",
                    "OIDC_SCOPE", "openid from-env");
            OidcConfig c = OidcConfig.from(SettingsSource.of(upper, Naming.PROPERTY).then(SettingsSource.of(lower, Naming.ENV)));
            assertEquals("from-properties", c.clientId());
            assertEquals("realm_access.roles", c.rolesClaim());
            assertEquals(List.of("openid", "from-env"), c.scopes());
        }

        @Test
        @DisplayName("lists, numbers and booleans are values too; an object is a malformed one")
        void types() {
            Map<String, Object> json = new HashMap<>(properties(SettingTableTest.base()));
            json.put("oidckit.scope", List.of("openid", "email", "groups"));
            json.put("oidckit.protect", List.of("profile", "admin/** role:admin"));
            json.put("oidckit.http-max-response-bytes", 65536);
            json.put("oidckit.skip-discovery", false);
            OidcConfig c = OidcConfig.from(SettingsSource.of(json, Naming.PROPERTY));
            assertEquals(List.of("openid", "email", "groups"), c.scopes());
            assertEquals(2, c.accessRules().size());
            assertEquals(65536, c.maxResponseBytes());
            json.put("oidckit.http-timeout", Map.of("seconds", 3));
            assertTrue(problems(SettingsSource.of(json, Naming.PROPERTY)).contains("OIDC102 oidckit.http-timeout must be"));
        }

        @Test
        @DisplayName("a lookup function (Spring's Environment, Micronaut's resolver) is asked by the rule's key, then by loose keys")
        void lookup() {
            Map<String, String> env = new HashMap<>(SettingTableTest.base());
            Map<String, String> props = Map.of("oidckit.http-timeout", "3s", "oidckit.fetchUserInfo", "false");
            OidcConfig c = OidcConfig.from(SettingsSource.of(Naming.PROPERTY, props::get, props.keySet())
                    .then(SettingsSource.of(env, Naming.ENV)));
            assertEquals(Duration.ofSeconds(3), c.responseTimeout());
            assertEquals(OidcConfig.FetchUserInfo.NEVER, c.fetchUserInfo());
        }

        @Test
        @DisplayName("a value the lookup cannot read is a malformed setting, reported with the others")
        void unreadable() {
            Map<String, String> env = SettingTableTest.base();
            SettingsSource s = SettingsSource.of(Naming.PROPERTY, key -> {
                if (key.equals("oidckit.protect")) throw new IllegalArgumentException("oidckit.protect[0] has no pattern");
                return null;
            }, List.of()).then(SettingsSource.of(env, Naming.ENV));
            assertTrue(problems(s).contains("OIDC102 oidckit.protect must list protected paths"));
        }
    }

    @Nested
    @DisplayName("unknown keys")
    class Unknown {
        final List<String> warnings = new ArrayList<>();
        final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage().startsWith("OIDC104")) warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @BeforeEach
        void listen() {
            Logger.getLogger("io.oidckit").addHandler(capture);
        }

        @AfterEach
        void stop() {
            Logger.getLogger("io.oidckit").removeHandler(capture);
        }

        String suggestion(SettingsSource source, String key) {
            return source.unknownKeys().stream().filter(u -> u.key().equals(key)).findFirst().orElseThrow().suggestion();
        }

        @Test
        @DisplayName("get one OIDC104 warning each with the closest name, written the same way; start-up goes on")
        void warned() {
            Map<String, Object> p = properties(SettingTableTest.base());
            p.put("oidckit.client-secert", "x");
            p.put("OIDCKIT_CLIENT_SECERT", "x");
            p.put("oidckit.timeout", "3s");
            p.put("oidckit.base-path", "/app/");
            p.put("oidckit.fetch-user-info", "false"); // loosely the same key: read, no warning
            p.put("oidckit.enabled", "true");
            p.put("oidckit.zzz", "1");
            p.put("OIDC_CLIENT_SECERT", "x");
            p.put("PATH", "/bin");
            SettingsSource source = SettingsSource.of(p, Naming.PROPERTY).alsoReading("enabled")
                    .then(SettingsSource.of(p, Naming.ENV));
            OidcConfig c = OidcConfig.from(source);
            assertEquals(OidcConfig.FetchUserInfo.NEVER, c.fetchUserInfo());
            assertEquals("oidckit.client-secret", suggestion(source, "oidckit.client-secert"));
            assertEquals("OIDCKIT_CLIENT_SECRET", suggestion(source, "OIDCKIT_CLIENT_SECERT"));
            assertEquals("oidckit.http-timeout", suggestion(source, "oidckit.timeout"));
            assertEquals("oidckit.url-base-pathname", suggestion(source, "oidckit.base-path"));
            assertEquals("OIDC_CLIENT_SECRET", suggestion(source, "OIDC_CLIENT_SECERT"));
            assertNull(suggestion(source, "oidckit.zzz"));
            assertEquals(6, source.unknownKeys().size(), source.unknownKeys().toString());
            assertEquals(6, warnings.size(), warnings.toString());
            assertTrue(warnings.contains("OIDC104 oidckit.client-secert is not a setting; did you mean oidckit.client-secret? "
                    + "(see docs/errors.md#oidc104)"), warnings.toString());
            assertTrue(warnings.contains("OIDC104 oidckit.zzz is not a setting; docs/configuration.md lists the settings "
                    + "(see docs/errors.md#oidc104)"), warnings.toString());
        }

        @Test
        @DisplayName("in JSON, only keys close to a setting's are warned about: the rest is the app's own configuration")
        void json() {
            Map<String, Object> json = new HashMap<>(Map.of("clientSecert", "x", "basePath", "/app/", "fetchUserInfo", "true",
                    "http.port", 8080, "someOtherSettingOfTheApp", "y", "OIDC_CLIENT_SECERT", "x"));
            SettingsSource source = SettingsSource.of(json, Naming.JSON, Naming.ENV);
            assertEquals("clientSecret", suggestion(source, "clientSecert"));
            assertEquals("urlBasePathname", suggestion(source, "basePath"));
            assertEquals("OIDC_CLIENT_SECRET", suggestion(source, "OIDC_CLIENT_SECERT"));
            assertEquals(3, source.unknownKeys().size(), source.unknownKeys().toString());
        }

        @Test
        @DisplayName("the whole environment can be read: only OIDC_* keys count")
        void environment() {
            Map<String, String> env = new HashMap<>(SettingTableTest.base());
            env.put("HOME", "/root");
            env.put("OIDC_HTTP_TIMEOUTS", "3s");
            OidcConfig.fromMap(env);
            assertEquals(List.of("OIDC104 OIDC_HTTP_TIMEOUTS is not a setting; did you mean OIDC_HTTP_TIMEOUT? "
                    + "(see docs/errors.md#oidc104)"), warnings);
        }
    }
}
