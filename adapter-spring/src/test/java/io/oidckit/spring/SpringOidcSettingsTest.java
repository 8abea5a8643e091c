package io.oidckit.spring;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Spring configuration onto the core's")
class SpringOidcSettingsTest {
    static final Map<String, Object> REQUIRED = Map.of(
            "OIDC_AUTHORITY", "http://127.0.0.1:9/issuer",
            "OIDC_CLIENT_ID", "from-env",
            "OIDC_CLIENT_SECRET", "s",
            "OIDC_REDIRECT_URI", "http://127.0.0.1:8080/auth/callback");

    static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", values));
        return env;
    }

    @Test
    @DisplayName("reads the contract's names from the Environment when no oidckit.* property is set")
    void contractNames() {
        OidcConfig config = SpringOidcSettings.config(environment(REQUIRED), null);
        assertEquals("from-env", config.clientId());
        assertEquals("groups", config.rolesClaim());
    }

    @Test
    @DisplayName("lets an oidckit.* property win over the contract's name, in a plain Environment")
    void propertiesWinPlain() {
        Map<String, Object> values = new HashMap<>(REQUIRED);
        values.put("oidckit.client-id", "from-property");
        values.put("oidckit.roles-claim", "realm_access.roles");
        values.put("oidckit.connect-timeout", "750ms");
        values.put("OIDC_PROTECT", "old/**");
        values.put("oidckit.protect[0].pattern", "new/**");
        values.put("oidckit.protect[0].roles[0]", "a");
        values.put("oidckit.protect[0].roles[1]", "b");
        values.put("oidckit.protect[0].api", "true");
        OidcConfig config = SpringOidcSettings.config(environment(values), null);
        assertEquals("from-property", config.clientId());
        assertEquals("realm_access.roles", config.rolesClaim());
        assertEquals(Duration.ofMillis(750), config.connectTimeout());
        assertEquals(1, config.accessRules().size(), "oidckit.protect replaces OIDC_PROTECT");
        assertEquals("new/**", config.accessRules().get(0).pattern());
        assertEquals(java.util.Set.of("a", "b"), config.accessRules().get(0).requirement().roles());
        assertTrue(config.accessRules().get(0).requirement().api());
    }

    @Test
    @DisplayName("lets bound SpringOidcProperties win over the contract's names, typed values included")
    void propertiesWinBound() {
        SpringOidcProperties p = new SpringOidcProperties();
        p.setClientId("bound");
        p.setTimeout(Duration.ofSeconds(3));
        p.setClientAuthMethod(OidcConfig.ClientAuthMethod.CLIENT_SECRET_POST);
        p.setIdTokenSigningAlgs(List.of("RS256", "ES256"));
        p.setFetchUserInfo("true");
        SpringOidcProperties.Rule rule = new SpringOidcProperties.Rule();
        rule.setPattern("admin/**");
        rule.setRoles(List.of("admin"));
        p.setProtect(List.of(rule));
        OidcConfig config = SpringOidcSettings.config(environment(REQUIRED), p);
        assertEquals("bound", config.clientId());
        assertEquals(Duration.ofSeconds(3), config.responseTimeout());
        assertEquals(OidcConfig.ClientAuthMethod.CLIENT_SECRET_POST, config.clientAuthMethod());
        assertEquals(java.util.Set.of("RS256", "ES256"), config.idTokenSigningAlgs());
        assertEquals(OidcConfig.FetchUserInfo.ALWAYS, config.fetchUserInfo());
        assertEquals("admin/**", config.accessRules().get(0).pattern());
    }

    @Test
    @DisplayName("maps every SpringOidcProperties property onto a contract setting")
    void noPropertyForgotten() {
        for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(SpringOidcProperties.class)) {
            String name = d.getName();
            if (List.of("class", "enabled", "protect").contains(name)) continue;
            assertTrue(SpringOidcSettings.NAMES.containsKey(name), name + " is not mapped onto the core's settings");
        }
    }

    @Test
    @DisplayName("ships configuration metadata, with descriptions, for IDE completion of oidckit.*")
    void metadata() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "META-INF/spring-configuration-metadata.json is missing");
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String name : List.of("oidckit.authority", "oidckit.client-id", "oidckit.client-secret",
                    "oidckit.redirect-uri", "oidckit.scope", "oidckit.roles-claim", "oidckit.base-path",
                    "oidckit.skip-discovery", "oidckit.fetch-user-info", "oidckit.timeout", "oidckit.protect")) {
                assertTrue(json.contains("\"name\": \"" + name + "\"") || json.contains("\"name\":\"" + name + "\""), name);
            }
            assertTrue(json.contains("OIDC_CLIENT_ID"), "descriptions come from the Javadoc");
        }
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertNotNull(in);
            assertEquals(SpringOidcAutoConfiguration.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
