package io.oidckit.servlet;

import io.oidckit.tck.LogLines;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.tck.SettingsKit;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Servlet init-params and the environment onto the core's configuration")
class ServletOidcSettingsTest {

    /** The filter's configuration as web.xml would give it. */
    static FilterConfig initParams(Map<String, String> params) {
        Map<String, String> copy = new HashMap<>(params);
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "oidckit";
            }

            @Override
            public ServletContext getServletContext() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getInitParameter(String name) {
                return copy.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(copy.keySet());
            }
        };
    }

    static String problems(Map<String, String> params, Map<String, String> environment) {
        return String.join("\n", assertThrows(OidcConfigException.class,
                () -> ServletOidcFilter.config(initParams(params), environment)).problems());
    }

    @RegisterExtension
    final LogLines log = LogLines.startingWith("io.oidckit", "OIDC104");

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as an init-param named like the environment variable (OIDC_HTTP_TIMEOUT)")
    void byEnvironmentName(Setting s) {
        Map<String, String> p = SettingsKit.written(SettingsKit.withExample(s), Naming.ENV);
        SettingsKit.assertCarries(s, ServletOidcFilter.config(initParams(p), Map.of()));
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as an init-param named like the property (oidckit.http-timeout)")
    void byProperty(Setting s) {
        Map<String, String> p = SettingsKit.written(SettingsKit.withExample(s), Naming.PROPERTY);
        SettingsKit.assertCarries(s, ServletOidcFilter.config(initParams(p), Map.of()));
        assertEquals(List.of(), log.lines());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works as an environment variable when no init-param sets it")
    void fromEnvironment(Setting s) {
        Map<String, String> env = SettingsKit.written(SettingsKit.withExample(s), Naming.ENV);
        SettingsKit.assertCarries(s, ServletOidcFilter.config(initParams(Map.of()), env));
    }

    @Test
    @DisplayName("an init-param wins over the environment")
    void precedence() {
        Map<String, String> env = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.ENV));
        env.put("OIDC_ROLES_CLAIM", "from-env");
        env.put("OIDC_SCOPE", "openid from-env");
        OidcConfig c = ServletOidcFilter.config(initParams(Map.of("oidckit.roles-claim", "realm_access.roles")), env);
        assertEquals("realm_access.roles", c.rolesClaim());
        assertEquals(List.of("openid", "from-env"), c.scopes());
    }

    @Test
    @DisplayName("a malformed setting is named as written; a missing one every way it can be written")
    void namedAsWritten() {
        Map<String, String> params = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.PROPERTY));
        params.put("oidckit.http-timeout", "soon");
        params.remove("oidckit.client-id");
        String all = problems(params, Map.of("OIDC_CLOCK_SKEW", "later"));
        assertTrue(all.contains("OIDC102 oidckit.http-timeout must be a positive duration"), all);
        assertTrue(all.contains("OIDC102 OIDC_CLOCK_SKEW must be a duration"), all);
        assertTrue(all.contains("OIDC101 OIDC_CLIENT_ID or oidckit.client-id is required"), all);
    }

    @Test
    @DisplayName("warns once about each init-param or variable that looks like a setting but is none")
    void unknownKeys() {
        Map<String, String> params = new HashMap<>(SettingsKit.written(SettingsKit.base(), Naming.ENV));
        params.put("oidckit.client-secert", "x");
        params.put("OIDC_BASE_PATH", "/app/");
        params.put("some.other.param", "y");
        ServletOidcFilter.config(initParams(params), Map.of("OIDC_HTTP_TIMEOUTS", "3s", "PATH", "/bin"));
        assertEquals(Set.of(
                "OIDC104 oidckit.client-secert is not a setting; did you mean oidckit.client-secret? (see docs/errors.md#oidc104)",
                "OIDC104 OIDC_BASE_PATH is not a setting; did you mean URL_BASE_PATHNAME? (see docs/errors.md#oidc104)",
                "OIDC104 OIDC_HTTP_TIMEOUTS is not a setting; did you mean OIDC_HTTP_TIMEOUT? (see docs/errors.md#oidc104)"),
                Set.copyOf(log.lines()));
        assertEquals(3, log.lines().size(), log.lines().toString());
    }
}
