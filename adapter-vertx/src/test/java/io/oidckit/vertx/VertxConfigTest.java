package io.oidckit.vertx;

import io.oidckit.tck.LogLines;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.tck.SettingsKit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Configuration from a JsonObject")
class VertxConfigTest {

    static JsonObject json(Map<String, ?> values) {
        return new JsonObject(new HashMap<>(values));
    }

    static String problems(JsonObject json) {
        return String.join("\n", assertThrows(OidcConfigException.class, () -> VertxOidc.config(json)).problems());
    }

    @RegisterExtension
    final LogLines log = LogLines.startingWith("io.oidckit", "OIDC104");

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works under its camelCase key (httpTimeout)")
    void camelCase(Setting s) {
        SettingsKit.assertCarries(s, VertxOidc.config(json(SettingsKit.written(SettingsKit.withExample(s), Naming.JSON))));
        assertEquals(List.of(), log.lines());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    @DisplayName("every setting works under its environment name as a JSON key (OIDC_HTTP_TIMEOUT), as Vert.x Config's env store gives it")
    void environmentNames(Setting s) {
        SettingsKit.assertCarries(s, VertxOidc.config(json(SettingsKit.written(SettingsKit.withExample(s), Naming.ENV))));
    }

    @Test
    @DisplayName("takes numbers, booleans and arrays; fetchUserInfo is fetchUserinfo, loosely")
    void values() {
        JsonObject json = json(SettingsKit.written(SettingsKit.base(), Naming.JSON))
                .put("scope", new JsonArray().add("openid").add("email").add("groups"))
                .put("urlBasePathname", "/shop")
                .put("skipDiscovery", false)
                .put("httpMaxResponseBytes", 65536)
                .put("maxPendingLogins", 3)
                .put("fetchUserInfo", false)
                .put("protect", new JsonArray().add("profile").add("admin/** role:admin").add("api/** api"))
                .put("someOtherSettingOfTheApp", "ignored");
        OidcConfig c = VertxOidc.config(json);
        assertEquals("/shop/", c.basePath());
        assertEquals(List.of("openid", "email", "groups"), c.scopes());
        assertEquals(65536, c.maxResponseBytes());
        assertEquals(3, c.maxPendingLogins());
        assertEquals(OidcConfig.FetchUserInfo.NEVER, c.fetchUserInfo());
        assertEquals("profile, admin/** role:admin, api/** api", c.text(Setting.OIDC_PROTECT));
        assertEquals(List.of(), log.lines(), "the app's own keys are none of oidckit's business");
    }

    @Test
    @DisplayName("creates the handler's relying party from JSON")
    void create() {
        JsonObject json = json(SettingsKit.written(SettingsKit.base(), Naming.JSON)).put("rolesClaim", "realm_access.roles");
        assertEquals("realm_access.roles", VertxOidc.create(TestVertx.shared(), json).relyingParty().config().rolesClaim());
    }

    @Test
    @DisplayName("names a setting as the JSON wrote it: httpTimeout, or OIDC_HTTP_TIMEOUT; a missing one both ways")
    void namedAsWritten() {
        JsonObject json = json(SettingsKit.written(SettingsKit.base(), Naming.JSON)).put("httpTimeout", "soon");
        assertTrue(problems(json).contains("OIDC102 httpTimeout must be a positive duration such as 10s"), problems(json));
        json.remove("httpTimeout");
        json.put("OIDC_HTTP_TIMEOUT", "soon");
        json.remove("clientId");
        String all = problems(json);
        assertTrue(all.contains("OIDC102 OIDC_HTTP_TIMEOUT must be a positive duration"), all);
        assertTrue(all.contains("OIDC101 clientId or OIDC_CLIENT_ID is required"), all);
        json.remove("OIDC_HTTP_TIMEOUT");
        json.put("clientId", new JsonObject().put("nested", true));
        assertTrue(problems(json).contains("OIDC102 clientId must be"), problems(json));
    }

    @Test
    @DisplayName("warns once about each key close to a setting's or written OIDC_*, with the closest name")
    void unknownKeys() {
        JsonObject json = json(SettingsKit.written(SettingsKit.base(), Naming.JSON))
                .put("basePath", "/app/")
                .put("httpTimout", "3s")
                .put("OIDC_CLIENT_SECERT", "x")
                .put("http.port", 8080);
        VertxOidc.config(json);
        assertEquals(Set.of(
                "OIDC104 basePath is not a setting; did you mean urlBasePathname? (see docs/errors.md#oidc104)",
                "OIDC104 httpTimout is not a setting; did you mean httpTimeout? (see docs/errors.md#oidc104)",
                "OIDC104 OIDC_CLIENT_SECERT is not a setting; did you mean OIDC_CLIENT_SECRET? (see docs/errors.md#oidc104)"),
                Set.copyOf(log.lines()));
        assertEquals(3, log.lines().size(), log.lines().toString());
    }
}
