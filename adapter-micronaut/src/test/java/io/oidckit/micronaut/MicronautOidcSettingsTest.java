package io.oidckit.micronaut;

import io.oidckit.tck.LogLines;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.tck.SettingsKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Micronaut configuration onto the core's")
class MicronautOidcSettingsTest {

    /**
     * The configuration as the adapter's factory builds it at start-up, from a Micronaut environment holding only
     * {@code sources} (not this machine's variables) and {@code variables} as the process environment.
     */
    static <T> T withEnvironment(Map<String, String> variables, Function<Environment, T> read, PropertySource... sources) {
        ApplicationContext context = ApplicationContext.builder().propertySources(sources)
                .environmentPropertySource(false).deduceEnvironment(false).build();
        Environment environment = context.getEnvironment();
        environment.start();
        try {
            return read.apply(environment);
        } finally {
            environment.stop();
        }
    }

    static OidcConfig config(Map<String, String> variables, PropertySource... sources) {
        return withEnvironment(variables, e -> MicronautOidcFactory.config(e, variables), sources);
    }

    static PropertySource properties(Map<String, ?> values) {
        return PropertySource.of("test", new HashMap<>(values));
    }

    static String problems(Map<String, String> variables, PropertySource... sources) {
        return String.join("\n", assertThrows(OidcConfigException.class, () -> config(variables, sources)).problems());
    }

    @RegisterExtension
    final LogLines log = LogLines.startingWith("io.oidckit", "OIDC104");

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as an oidckit.* property (oidckit.http-timeout), as application.yml sets it")
    void asProperty(Setting s) {
        Map<String, String> p = SettingsKit.written(SettingsKit.withExample(s), Naming.PROPERTY);
        SettingsKit.assertCarries(s, config(Map.of(), properties(p)));
        assertEquals(List.of(), log.lines());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works in camelCase (oidckit.httpTimeout), which Micronaut normalises")
    void asCamelCase(Setting s) {
        Map<String, String> p = new HashMap<>();
        SettingsKit.withExample(s).forEach((k, v) -> p.put(Setting.PREFIX + "." + k.jsonKey(), v));
        SettingsKit.assertCarries(s, config(Map.of(), properties(p)));
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as the property's environment variable (OIDCKIT_HTTP_TIMEOUT), through Micronaut's mapping")
    void asPropertyVariable(Setting s) {
        Map<String, Object> v = new HashMap<>();
        SettingsKit.written(SettingsKit.withExample(s), Naming.PROPERTY)
                .forEach((k, value) -> v.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        PropertySource variables = PropertySource.of("env", v, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        SettingsKit.assertCarries(s, config(Map.of(), variables));
        assertEquals(List.of(), log.lines());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as the contract's environment variable (OIDC_HTTP_TIMEOUT)")
    void asContractVariable(Setting s) {
        SettingsKit.assertCarries(s, config(SettingsKit.written(SettingsKit.withExample(s), Naming.ENV)));
    }

    @Test
    @DisplayName("a property wins over the environment variable; lists are lists, the rules one per entry")
    void precedenceAndLists() {
        Map<String, Object> p = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        p.put("oidckit.client-id", "from-property");
        p.put("oidckit.scope", List.of("openid", "groups"));
        p.put("oidckit.protect", List.of("profile", "admin/** role:admin", "api/** api"));
        Map<String, String> env = Map.of("OIDC_CLIENT_ID", "from-env", "OIDC_ROLES_CLAIM", "realm_access.roles",
                "OIDC_PROTECT", "old/**");
        OidcConfig c = config(env, properties(p));
        assertEquals("from-property", c.clientId());
        assertEquals("realm_access.roles", c.rolesClaim());
        assertEquals(List.of("openid", "groups"), c.scopes());
        assertEquals("profile, admin/** role:admin, api/** api", c.text(Setting.OIDC_PROTECT));
    }

    @Test
    @DisplayName("a malformed setting is named as written: oidckit.http-timeout from a property, OIDC_HTTP_TIMEOUT from the environment")
    void namedAsWritten() {
        Map<String, Object> p = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        p.put("oidckit.http-timeout", "soon");
        assertTrue(problems(Map.of(), properties(p)).contains("OIDC102 oidckit.http-timeout must be a positive duration"));
        p.remove("oidckit.http-timeout");
        p.remove("oidckit.client-id");
        String all = problems(Map.of("OIDC_HTTP_TIMEOUT", "soon"), properties(p));
        assertTrue(all.contains("OIDC102 OIDC_HTTP_TIMEOUT must be a positive duration"), all);
        assertTrue(all.contains("OIDC101 oidckit.client-id or OIDC_CLIENT_ID is required"), all);
    }

    @Test
    @DisplayName("warns once about each key that looks like a setting but is none, with the closest name")
    void unknownKeys() {
        Map<String, Object> p = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        p.put("oidckit.client-secert", "x");
        p.put("oidckit.base-path", "/app/");
        p.put("micronaut.server.port", 8080);
        OidcConfig c = config(Map.of("OIDC_HTTP_TIMEOUTS", "3s", "HOME", "/root"), properties(p),
                PropertySource.of("env", Map.of("OIDCKIT_SESSION_MAXAGE", "1h"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));
        assertEquals(Duration.ofSeconds(10), c.responseTimeout());
        assertEquals(Duration.ofHours(1), c.sessionMaxAge(), "OIDCKIT_SESSION_MAXAGE is session-max-age, loosely");
        assertEquals(Set.of(
                "OIDC104 oidckit.client-secert is not a setting; did you mean oidckit.client-secret? (see docs/errors.md#oidc104)",
                "OIDC104 oidckit.base-path is not a setting; did you mean oidckit.url-base-pathname? (see docs/errors.md#oidc104)",
                "OIDC104 OIDC_HTTP_TIMEOUTS is not a setting; did you mean OIDC_HTTP_TIMEOUT? (see docs/errors.md#oidc104)"),
                Set.copyOf(log.lines()));
        assertEquals(3, log.lines().size(), log.lines().toString());
    }
}
