package io.oidckit.interop;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.json.Json;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.oidckit.interop.Steps.check;

/**
 * The login flow of every example app against a real Keycloak, one HTTP hop at a time: what the app sends to the
 * provider, what the provider sends back, and what the app makes of it. Our own test provider shows that the apps
 * reject what is wrong; this shows that they accept what a real, widely used provider does right.
 */
@ExtendWith(InteropSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the first test also waits for Keycloak (up to 4 min)
class HttpLoginFlowIT {

    static Stream<String> examples() {
        return InteropSettings.examples().stream();
    }

    @ParameterizedTest(name = "[{0}] alice signs in, sees admin and api/me, and logs out of the app and of Keycloak")
    @MethodSource("examples")
    void aliceSignsInWithAdminRoleAndLogsOut(String example) {
        Steps s = steps(example, "alice");
        ExampleApp app = s.step("start the app against Keycloak", () -> InteropSuite.app(example));
        KeycloakServer kc = InteropSuite.keycloak();
        TestHttpClient http = new TestHttpClient();

        s.run("home is anonymous", () -> {
            TestHttpClient.Response r = http.get(app.base());
            check(r.status() == 200, "expected 200, got " + r);
            check(r.body().contains("Please log in"), "no 'Please log in': " + r);
            check(r.body().contains("Sign in with OIDC"), "no 'Sign in with OIDC' link: " + r);
            check(r.headers("Set-Cookie").isEmpty(), "an anonymous public page set a cookie: " + r.headers("Set-Cookie"));
        });
        signIn(s, http, app, kc, "alice", KeycloakServer.ALICE_PASSWORD);

        s.run("home says Welcome Alice Admin", () -> {
            TestHttpClient.Response r = http.get(app.base());
            check(r.status() == 200, "expected 200, got " + r);
            check(r.body().contains("Welcome Alice Admin"), "no 'Welcome Alice Admin': " + r);
            check(r.body().contains("Logout"), "no Logout link: " + r);
        });
        s.run("admin answers 200", () -> {
            TestHttpClient.Response r = http.get(app.url("admin"));
            check(r.status() == 200, "expected 200 for a member of group admin, got " + r);
            check(!r.body().contains("Access denied"), "admin page says 'Access denied': " + r);
        });
        s.run("api/me carries the name, email and the admin role from the groups claim", () -> {
            Map<String, Object> me = json(http.get(app.url("api/me"), "Accept", "application/json"));
            check("Alice Admin".equals(me.get("name")), "name is " + me.get("name") + " in " + me);
            check("alice@example.com".equals(me.get("email")), "email is " + me.get("email") + " in " + me);
            check(me.get("roles") instanceof List<?> roles && roles.contains("admin"), "roles lack admin: " + me);
            check(me.get("sub") instanceof String sub && !sub.isBlank(), "no sub: " + me);
        });
        s.run("profile shows the email", () -> {
            TestHttpClient.Response r = http.get(app.url("profile"));
            check(r.status() == 200, "expected 200, got " + r);
            check(r.body().contains("alice@example.com"), "no email on the profile page: " + r);
        });
        logOut(s, http, app, kc);
    }

    @ParameterizedTest(name = "[{0}] bob signs in, is denied admin, and logs out")
    @MethodSource("examples")
    void bobSignsInWithoutAdminRoleAndIsDenied(String example) {
        Steps s = steps(example, "bob");
        ExampleApp app = s.step("start the app against Keycloak", () -> InteropSuite.app(example));
        KeycloakServer kc = InteropSuite.keycloak();
        TestHttpClient http = new TestHttpClient();

        signIn(s, http, app, kc, "bob", KeycloakServer.BOB_PASSWORD);
        s.run("home says Welcome Bob Builder", () -> {
            TestHttpClient.Response r = http.get(app.base());
            check(r.status() == 200 && r.body().contains("Welcome Bob Builder"), "no 'Welcome Bob Builder': " + r);
        });
        s.run("admin answers 403 Access denied", () -> {
            TestHttpClient.Response r = http.get(app.url("admin"), "Accept", "text/html");
            check(r.status() == 403, "expected 403 for a user outside group admin, got " + r);
            check(r.body().contains("Access denied"), "no 'Access denied' on the 403 page: " + r);
        });
        s.run("admin asked for JSON answers 403 JSON", () -> {
            TestHttpClient.Response r = http.get(app.url("admin"), "Accept", "application/json");
            check(r.status() == 403, "expected 403, got " + r);
            check(r.header("Content-Type").orElse("").startsWith("application/json"), "not JSON: " + r);
        });
        s.run("api/me has no roles", () -> {
            Map<String, Object> me = json(http.get(app.url("api/me"), "Accept", "application/json"));
            check("bob@example.com".equals(me.get("email")), "email is " + me.get("email") + " in " + me);
            check(me.get("roles") instanceof List<?> roles && roles.isEmpty(), "bob has roles: " + me);
        });
        logOut(s, http, app, kc);
    }

    /** From the app's login route through Keycloak's form back to the app, checking every hop. */
    static void signIn(Steps s, TestHttpClient http, ExampleApp app, KeycloakServer kc, String user,
                       String password) {
        URI callback = app.url("auth/callback");
        URI toKeycloak = s.step("login redirects to Keycloak with state, nonce and PKCE S256", () -> {
            TestHttpClient.Response r = http.get(app.url("auth/login"));
            check(r.status() == 302, "expected 302, got " + r);
            URI loc = r.location();
            check(loc.toString().startsWith(kc.authorizationEndpoint() + "?"),
                    "not Keycloak's authorization endpoint " + kc.authorizationEndpoint() + ": " + loc);
            Map<String, String> q = query(loc);
            check("code".equals(q.get("response_type")), "response_type: " + q);
            check(KeycloakServer.CLIENT_ID.equals(q.get("client_id")), "client_id: " + q);
            check(callback.toString().equals(q.get("redirect_uri")), "redirect_uri is not " + callback + ": " + q);
            check("S256".equals(q.get("code_challenge_method")), "code_challenge_method: " + q);
            for (String p : List.of("code_challenge", "state", "nonce", "scope")) {
                check(q.get(p) != null && !q.get(p).isBlank(), "missing " + p + ": " + q);
            }
            check(q.get("scope").contains("openid"), "scope without openid: " + q);
            return loc;
        });
        Map<String, String> appCookiesBefore = http.cookies(app.base());
        HtmlForms.Form form = s.step("Keycloak shows its login form", () -> {
            TestHttpClient.Response r = http.get(toKeycloak);
            check(r.status() == 200, "expected Keycloak's login page, got " + r);
            return HtmlForms.find(r.body(), r.uri(), "kc-form-login", "login-actions/authenticate")
                    .orElseThrow(() -> new AssertionError("no login form in " + r));
        });
        URI back = s.step("Keycloak accepts " + user + "'s password and redirects to the app's callback", () -> {
            Map<String, String> fields = new LinkedHashMap<>(form.hiddenFields());
            fields.put("username", user);
            fields.put("password", password);
            fields.putIfAbsent("credentialId", "");
            TestHttpClient.Response r = http.postForm(form.action(), fields);
            check(r.status() == 302, "expected a redirect to the app, got " + r);
            URI loc = r.location();
            check(loc.toString().startsWith(callback + "?"), "not the app's callback " + callback + ": " + loc);
            Map<String, String> q = query(loc);
            check(q.containsKey("code") && q.containsKey("state"), "no code or state: " + loc);
            return loc;
        });
        s.run("callback starts a fresh session and redirects home", () -> {
            TestHttpClient.Response r = http.get(back);
            check(r.status() == 302, "expected 302 after a good callback, got " + r);
            check(r.location().equals(app.base()), "expected a redirect to " + app.base() + ", got " + r.location());
            check(r.header("Cache-Control").orElse("").contains("no-store"), "callback without no-store: " + r);
            Map<String, String> after = http.cookies(app.base());
            check(!after.isEmpty(), "no session cookie after login");
            boolean renewed = after.entrySet().stream()
                    .anyMatch(e -> !Objects.equals(appCookiesBefore.get(e.getKey()), e.getValue()));
            check(renewed, "the session cookie did not change at login (session fixation): " + after);
        });
    }

    /** The app's logout, Keycloak's end-session endpoint (with its confirmation page if it shows one), and back. */
    private static void logOut(Steps s, TestHttpClient http, ExampleApp app, KeycloakServer kc) {
        URI endSession = s.step("logout redirects to Keycloak's end_session_endpoint with id_token_hint", () -> {
            TestHttpClient.Response r = http.get(app.url("auth/logout"));
            check(r.status() == 302, "expected 302, got " + r);
            URI loc = r.location();
            check(loc.toString().startsWith(kc.endSessionEndpoint() + "?"),
                    "not Keycloak's end_session_endpoint " + kc.endSessionEndpoint() + ": " + loc);
            Map<String, String> q = query(loc);
            check(q.get("id_token_hint") != null && q.get("id_token_hint").split("\\.").length == 3,
                    "no id_token_hint (a JWT): " + q.keySet());
            check(KeycloakServer.CLIENT_ID.equals(q.get("client_id")), "client_id: " + q.get("client_id"));
            check(app.base().toString().equals(q.get("post_logout_redirect_uri")),
                    "post_logout_redirect_uri is not " + app.base() + ": " + q.get("post_logout_redirect_uri"));
            check(q.get("state") != null && q.get("state").length() >= 22, "no state (RP-Initiated Logout 1.0 §2): " + q.keySet());
            return loc;
        });
        URI backAtApp = s.step("Keycloak ends its session and sends the browser back to the app", () -> {
            TestHttpClient.Response r = http.get(endSession);
            // Keycloak asks for confirmation when it cannot tie the request to a session; submit it like a person.
            for (int hop = 0; hop < 3 && r.status() == 200; hop++) {
                TestHttpClient.Response page = r;
                HtmlForms.Form confirm = HtmlForms.find(page.body(), page.uri(), null, "logout")
                        .orElseThrow(() -> new AssertionError("Keycloak page without a logout form: " + page));
                Map<String, String> fields = new LinkedHashMap<>(confirm.hiddenFields());
                fields.put("confirmLogout", "Logout");
                r = http.postForm(confirm.action(), fields);
            }
            check(r.status() == 302, "expected Keycloak to redirect back, got " + r);
            URI loc = r.location();
            check(loc.toString().startsWith(app.base().toString()), "not back at the app: " + loc);
            check(query(endSession).get("state").equals(query(loc).get("state")), "Keycloak did not return our state: " + loc);
            return loc;
        });
        s.run("the app takes its logout state back and lands on the clean home page, anonymous", () -> {
            TestHttpClient.Response r = http.get(backAtApp);
            check(r.status() == 302 && "/".equals(r.location().getPath()) && r.location().getQuery() == null,
                    "expected 302 to the base path for our own logout state, got " + r);
            TestHttpClient.Response home = http.get(app.url(""));
            check(home.status() == 200 && home.body().contains("Please log in"), "not anonymous after logout: " + home);
        });
        s.run("api/me answers 401 JSON after logout", () -> {
            TestHttpClient.Response r = http.get(app.url("api/me"), "Accept", "application/json");
            check(r.status() == 401, "expected 401, got " + r);
        });
        s.run("Keycloak's session is gone too: a new login shows the password form", () -> {
            TestHttpClient.Response r = http.get(app.url("auth/login"));
            check(r.status() == 302, "expected 302, got " + r);
            TestHttpClient.Response atKeycloak = http.get(r.location());
            check(atKeycloak.status() == 200 && atKeycloak.body().contains("kc-form-login"),
                    "Keycloak did not ask for the password again (single sign-on session still alive): "
                            + atKeycloak);
        });
    }

    private static Steps steps(String example, String user) {
        return new Steps(example, user + " (HTTP)", () -> InteropSuite.evidence(example), step -> {
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(TestHttpClient.Response r) {
        check(r.status() == 200, "expected 200, got " + r);
        check(r.header("Content-Type").orElse("").startsWith("application/json"), "not JSON: " + r);
        return new Json().toType(r.body(), Map.class);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
