package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Configuration from a JsonObject")
class VertxConfigTest {

    @Test
    @DisplayName("accepts the environment variable names and their camelCase forms")
    void names() {
        assertEquals("OIDC_CLIENT_ID", VertxOidc.settingName("clientId"));
        assertEquals("OIDC_CLIENT_ID", VertxOidc.settingName("OIDC_CLIENT_ID"));
        assertEquals("OIDC_REDIRECT_URI", VertxOidc.settingName("redirectUri"));
        assertEquals("OIDC_POST_LOGOUT_REDIRECT_URI", VertxOidc.settingName("postLogoutRedirectUri"));
        assertEquals("OIDC_HTTP_MAX_RESPONSE_BYTES", VertxOidc.settingName("httpMaxResponseBytes"));
        assertEquals("OIDC_AUTHORITY", VertxOidc.settingName("authority"));
        assertEquals("URL_BASE_PATHNAME", VertxOidc.settingName("urlBasePathname"));
    }

    @Test
    @DisplayName("builds the same configuration as the environment would")
    void build() {
        JsonObject json = new JsonObject()
                .put("authority", "https://127.0.0.1:9/realms/main") // loopback: creating it prefetches discovery
                .put("OIDC_CLIENT_ID", "app")
                .put("clientSecret", "s3cret")
                .put("redirectUri", "https://app.example.com/shop/auth/callback")
                .put("scope", new JsonArray().add("openid").add("email").add("groups"))
                .put("urlBasePathname", "/shop")
                .put("rolesClaim", "realm_access.roles")
                .put("skipDiscovery", false)
                .put("httpMaxResponseBytes", 65536)
                .put("protect", new JsonArray().add("profile").add("admin/** role:admin").add("api/** api"))
                .put("someOtherSettingOfTheApp", "ignored");
        Map<String, String> s = VertxOidc.settings(json);
        assertEquals("openid email groups", s.get("OIDC_SCOPE"));
        assertEquals("profile, admin/** role:admin, api/** api", s.get("OIDC_PROTECT"));
        OidcConfig c = VertxOidc.create(TestVertx.shared(), json).relyingParty().config();
        assertEquals("app", c.clientId());
        assertEquals("/shop/", c.basePath());
        assertEquals(List.of("openid", "email", "groups"), c.scopes());
        assertEquals("realm_access.roles", c.rolesClaim());
        assertEquals(65536, c.maxResponseBytes());
        assertEquals(3, c.accessRules().size());
        assertTrue(c.accessRules().get(2).requirement().api());
    }

    @Test
    @DisplayName("reports every missing setting by its contract name")
    void missing() {
        OidcConfigException e = assertThrows(OidcConfigException.class,
                () -> VertxOidc.create(TestVertx.shared(), new JsonObject().put("authority", "https://127.0.0.1:9")));
        assertTrue(e.getMessage().contains("OIDC_CLIENT_ID"), e.getMessage());
        assertTrue(e.getMessage().contains("OIDC_REDIRECT_URI"), e.getMessage());
    }

    @Test
    @DisplayName("refuses a JSON object as a value")
    void nested() {
        assertThrows(IllegalArgumentException.class, () -> VertxOidc.settings(new JsonObject().put("clientId", new JsonObject())));
    }
}
