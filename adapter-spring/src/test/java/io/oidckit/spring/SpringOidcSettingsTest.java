package io.oidckit.spring;

import io.oidckit.tck.LogLines;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.tck.SettingsKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Spring configuration onto the core's")
class SpringOidcSettingsTest {

    /** An Environment with only {@code sources}: neither this machine's variables nor its system properties. */
    static StandardEnvironment environment(PropertySource<?>... sources) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        for (PropertySource<?> s : sources) env.getPropertySources().addLast(s);
        return env;
    }

    static MapPropertySource properties(Map<String, ?> values) {
        return new MapPropertySource("test", new HashMap<>(values));
    }

    /** As the operating system hands variables to Spring. */
    static SystemEnvironmentPropertySource variables(Map<String, String> values) {
        return new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(values));
    }

    static Map<String, String> upperCase(Map<String, String> properties) {
        Map<String, String> m = new LinkedHashMap<>();
        properties.forEach((k, v) -> m.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), v));
        return m;
    }

    static String problems(StandardEnvironment env) {
        return String.join("\n", assertThrows(OidcConfigException.class, () -> SpringOidcSettings.config(env)).problems());
    }

    @RegisterExtension
    final LogLines log = LogLines.startingWith("io.oidckit", "OIDC104");

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as an oidckit.* property (oidckit.http-timeout)")
    void asProperty(Setting s) {
        Map<String, String> p = SettingsKit.written(SettingsKit.withExample(s), Naming.PROPERTY);
        SettingsKit.assertCarries(s, SpringOidcSettings.config(environment(properties(p))));
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as the property's environment variable (OIDCKIT_HTTP_TIMEOUT), without Boot")
    void asPropertyVariable(Setting s) {
        Map<String, String> v = upperCase(SettingsKit.written(SettingsKit.withExample(s), Naming.PROPERTY));
        SettingsKit.assertCarries(s, SpringOidcSettings.config(environment(variables(v))));
        assertEquals(List.of(), log.lines());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as the contract's variable (OIDC_HTTP_TIMEOUT)")
    void asContractVariable(Setting s) {
        Map<String, String> v = SettingsKit.written(SettingsKit.withExample(s), Naming.ENV);
        SettingsKit.assertCarries(s, SpringOidcSettings.config(environment(variables(v))));
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works in Boot's relaxed camelCase (oidckit.httpTimeout, as YAML users write it)")
    void bootRelaxed(Setting s) {
        Map<String, String> p = new HashMap<>();
        SettingsKit.withExample(s).forEach((k, v) -> p.put(Setting.PREFIX + "." + k.jsonKey(), v));
        StandardEnvironment env = environment(properties(p));
        ConfigurationPropertySources.attach(env); // what SpringApplication does
        SettingsKit.assertCarries(s, SpringOidcSettings.config(env));
    }

    @Test
    @DisplayName("an oidckit.* property wins over the contract's name; lists may be indexed, as YAML writes them")
    void precedenceAndLists() {
        Map<String, Object> values = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.ENV));
        values.put("oidckit.client-id", "from-property");
        values.put("oidckit.scope[0]", "openid");
        values.put("oidckit.scope[1]", "groups");
        values.put("oidckit.id-token-signing-algs", "RS256,ES256");
        OidcConfig config = SpringOidcSettings.config(environment(properties(values)));
        assertEquals("from-property", config.clientId());
        assertEquals(List.of("openid", "groups"), config.scopes());
        assertEquals(Set.of("RS256", "ES256"), config.idTokenSigningAlgs());
    }

    @Test
    @DisplayName("takes the rules as oidckit.protect[i].pattern/roles/api, as a list, or as one text; they replace OIDC_PROTECT")
    void rules() {
        Map<String, Object> values = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.ENV));
        values.put("OIDC_PROTECT", "old/**");
        values.put("oidckit.protect[0].pattern", "new/**");
        values.put("oidckit.protect[0].roles[0]", "a");
        values.put("oidckit.protect[0].roles[1]", "b");
        values.put("oidckit.protect[0].api", "true");
        values.put("oidckit.protect[1].pattern", "profile");
        values.put("oidckit.protect[1].roles", "");
        OidcConfig config = SpringOidcSettings.config(environment(properties(values)));
        assertEquals("new/** role:a|b api, profile", config.text(Setting.OIDC_PROTECT));
        values.keySet().removeIf(k -> k.startsWith("oidckit.protect"));
        values.put("oidckit.protect[0]", "profile");
        values.put("oidckit.protect[1]", "admin/** role:admin");
        assertEquals("profile, admin/** role:admin", SpringOidcSettings.config(environment(properties(values))).text(Setting.OIDC_PROTECT));
        values.keySet().removeIf(k -> k.startsWith("oidckit.protect"));
        values.put("oidckit.protect", "api/** api");
        assertEquals("api/** api", SpringOidcSettings.config(environment(properties(values))).text(Setting.OIDC_PROTECT));
        values.put("oidckit.protect", "");
        values.put("oidckit.protect[0].roles", "admin");
        assertTrue(problems(environment(properties(values))).contains("OIDC102 oidckit.protect must list protected paths"));
    }

    @Test
    @DisplayName("a malformed setting is named as written: oidckit.http-timeout, OIDC_HTTP_TIMEOUT")
    void namedAsWritten() {
        Map<String, Object> values = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        values.put("oidckit.http-timeout", "soon");
        String all = problems(environment(properties(values)));
        assertTrue(all.contains("OIDC102 oidckit.http-timeout must be a positive duration such as 10s"), all);
        values.remove("oidckit.http-timeout");
        values.remove("oidckit.client-id");
        String missing = problems(environment(properties(values), variables(Map.of("OIDC_HTTP_TIMEOUT", "soon"))));
        assertTrue(missing.contains("OIDC102 OIDC_HTTP_TIMEOUT must be a positive duration"), missing);
        assertTrue(missing.contains("OIDC101 oidckit.client-id or OIDC_CLIENT_ID is required"), missing);
    }

    @Test
    @DisplayName("warns once about each key that looks like a setting but is none, with the closest name; oidckit.enabled is known")
    void unknownKeys() {
        Map<String, Object> values = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        values.put("oidckit.client-secert", "x");
        values.put("oidckit.timeout", "3s");
        values.put("oidckit.enabled", "true");
        values.put("server.port", "8080");
        OidcConfig config = SpringOidcSettings.config(environment(properties(values),
                variables(Map.of("OIDCKIT_BASE_PATH", "/app/", "OIDC_CLIENT_SECRT", "x", "PATH", "/bin"))));
        assertEquals(Duration.ofSeconds(10), config.responseTimeout(), "a key nobody reads changes nothing");
        assertEquals(Set.of(
                "OIDC104 oidckit.client-secert is not a setting; did you mean oidckit.client-secret? (see docs/errors.md#oidc104)",
                "OIDC104 oidckit.timeout is not a setting; did you mean oidckit.http-timeout? (see docs/errors.md#oidc104)",
                "OIDC104 OIDCKIT_BASE_PATH is not a setting; did you mean OIDCKIT_URL_BASE_PATHNAME? (see docs/errors.md#oidc104)",
                "OIDC104 OIDC_CLIENT_SECRT is not a setting; did you mean OIDC_CLIENT_SECRET? (see docs/errors.md#oidc104)"),
                Set.copyOf(log.lines()));
        assertEquals(4, log.lines().size(), log.lines().toString());
    }
}
