package io.oidckit.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.json.Json;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.oidckit.interop.Steps.check;

/**
 * Keycloak's access tokens on the example apps' {@code api/me}, which takes a bearer token as well as the session:
 * validated locally as JWTs on every example, and through Keycloak's introspection endpoint (RFC 7662) with
 * {@code OIDC_API_INTROSPECT=always}, as an app with opaque tokens would. The tokens come from the realm's client
 * by the password grant, enabled for this test realm only: a browser login does not hand its token to the test.
 */
@ExtendWith(InteropSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the first test may also wait for Keycloak
class BearerIT {

    static Stream<String> examples() {
        return InteropSettings.examples().stream();
    }

    @ParameterizedTest(name = "[{0}] a Keycloak access token of alice gets api/me as alice, with her role, and no cookie")
    @MethodSource("examples")
    void keycloakAccessTokenOnApiMe(String example) {
        Steps s = new Steps(example, "alice (bearer)", () -> InteropSuite.evidence(example), step -> { });
        ExampleApp app = s.step("start the app against Keycloak", () -> InteropSuite.app(example));
        String token = s.step("get alice's access token from Keycloak", () -> accessToken("alice", KeycloakServer.ALICE_PASSWORD));
        apiMeAsAlice(s, app, token);
        s.run("a token with a flipped signature byte is refused with invalid_token", () -> {
            TestHttpClient.Response r = new TestHttpClient().get(app.url("api/me"), "Authorization", "Bearer " + tampered(token));
            check(r.status() == 401, "expected 401, got " + r);
            check(r.header("WWW-Authenticate").orElse("").equals("Bearer error=\"invalid_token\""), "challenge: " + r);
        });
    }

    @Test
    void keycloakIntrospection() {
        String example = "servlet-app";
        Steps s = new Steps(example, "alice (introspected)", () -> InteropSuite.evidence(example), step -> { });
        ExampleApp app = s.step("start the app with OIDC_API_INTROSPECT=always",
                () -> InteropSuite.app(example, Map.of("OIDC_API_INTROSPECT", "always")));
        String token = s.step("get alice's access token from Keycloak", () -> accessToken("alice", KeycloakServer.ALICE_PASSWORD));
        apiMeAsAlice(s, app, token);
        s.run("a token Keycloak never issued is inactive at its introspection endpoint: 401", () -> {
            TestHttpClient.Response r = new TestHttpClient().get(app.url("api/me"), "Authorization", "Bearer not-a-keycloak-token");
            check(r.status() == 401, "expected 401, got " + r);
            check(r.header("WWW-Authenticate").orElse("").equals("Bearer error=\"invalid_token\""), "challenge: " + r);
        });
    }

    private static void apiMeAsAlice(Steps s, ExampleApp app, String token) {
        s.run("api/me answers alice with the admin role from the token's groups claim, and sets no cookie", () -> {
            TestHttpClient.Response r = new TestHttpClient().get(app.url("api/me"), "Authorization", "Bearer " + token,
                    "Accept", "application/json");
            check(r.status() == 200, "expected 200, got " + r);
            check(r.headers("Set-Cookie").isEmpty(), "a bearer request got a cookie: " + r.headers("Set-Cookie"));
            @SuppressWarnings("unchecked") Map<String, Object> me = new Json().toType(r.body(), Map.class);
            check("Alice Admin".equals(me.get("name")), "name is " + me.get("name") + " in " + me);
            check(me.get("roles") instanceof List<?> roles && roles.contains("admin"), "roles lack admin: " + me);
        });
    }

    @SuppressWarnings("unchecked")
    private static String accessToken(String user, String password) {
        KeycloakServer kc = InteropSuite.keycloak();
        TestHttpClient.Response r = new TestHttpClient().postForm(URI.create(kc.issuer() + "/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", KeycloakServer.CLIENT_ID,
                        "client_secret", KeycloakServer.CLIENT_SECRET, "username", user, "password", password,
                        "scope", "openid"));
        check(r.status() == 200, "the token endpoint answered " + r);
        Map<String, Object> answer = new Json().toType(r.body(), Map.class);
        return (String) answer.get("access_token");
    }

    /** The token with one character of its signature changed: the same header and claims, a signature that fails. */
    private static String tampered(String token) {
        int i = token.lastIndexOf('.') + 5;
        char c = token.charAt(i);
        return token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    }
}
