package io.oidckit.interop;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.json.Json;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.oidckit.interop.Steps.check;

/**
 * The session's life after login against Keycloak: an administrator signs alice out in Keycloak (its admin API),
 * and Keycloak's back-channel logout ends her session in the app; with {@code OIDC_KEEP_TOKENS} the app refreshes
 * her access token with Keycloak's refresh-token rotation on ({@code revokeRefreshToken}, no reuse), once for
 * requests that find it due together, and Keycloak's own event log shows every refresh succeeded.
 */
@ExtendWith(InteropSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the first test may also wait for Keycloak
class LifecycleIT {
    /** Keycloak's shortest sensible token for the refresh case: due after half of it (5 s). */
    private static final int ACCESS_TOKEN_SECONDS = 10;
    private static final Map<String, String> KEEP_TOKENS = Map.of("OIDC_KEEP_TOKENS", "true");

    static Stream<String> examples() {
        return InteropSettings.examples().stream();
    }

    @ParameterizedTest(name = "[{0}] an administrator signs alice out in Keycloak: its back-channel logout ends her session")
    @MethodSource("examples")
    void adminSignOut(String example) {
        Steps s = new Steps(example, "alice (admin sign-out)", () -> InteropSuite.evidence(example), step -> { });
        ExampleApp app = s.step("start the app with OIDC_KEEP_TOKENS", () -> InteropSuite.app(example, KEEP_TOKENS));
        KeycloakServer kc = InteropSuite.keycloak();
        Map<String, Object> client = s.step("register the app's back-channel logout URI on the client", () -> setAttribute(kc,
                "backchannel.logout.url", "http://127.0.0.1:" + app.base().getPort() + "/auth/backchannel-logout"));
        try {
            TestHttpClient http = new TestHttpClient();
            HttpLoginFlowIT.signIn(s, http, app, kc, "alice", KeycloakServer.ALICE_PASSWORD);
            s.run("signed in: api/me is alice", () -> {
                TestHttpClient.Response r = http.get(app.url("api/me"), "Accept", "application/json");
                check(r.status() == 200 && r.body().contains("alice@example.com"), "api/me: " + r);
            });
            s.run("Keycloak's admin API signs alice out (every session of hers)", () -> {
                TestHttpClient.Response r = kc.admin("POST", "/users/" + userId(kc, "alice") + "/logout", null);
                check(r.status() == 204, "logout user answered " + r);
            });
            s.run("within 5 s the app's api/me is 401 and a protected page starts a login", () -> {
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                int status = 200;
                while (status == 200 && System.nanoTime() < end) {
                    status = http.get(app.url("api/me"), "Accept", "application/json").status();
                    if (status == 200) KeycloakServer.sleep(Duration.ofMillis(100));
                }
                check(status == 401, "the session was still served 5 s after Keycloak's back-channel logout: " + status);
                TestHttpClient.Response profile = http.get(app.url("profile"));
                check(profile.status() == 302 && profile.location().getPath().endsWith("auth/login"), "profile: " + profile);
            });
        } finally {
            put(kc, client, client);
        }
    }

    @ParameterizedTest(name = "[{0}] alice's access token is refreshed with Keycloak's rotation on: once per due token, never reused")
    @MethodSource("examples")
    void refreshWithRotation(String example) {
        Steps s = new Steps(example, "alice (refresh)", () -> InteropSuite.evidence(example), step -> { });
        ExampleApp app = s.step("start the app with OIDC_KEEP_TOKENS", () -> InteropSuite.app(example, KEEP_TOKENS));
        KeycloakServer kc = InteropSuite.keycloak();
        Map<String, Object> client = s.step("give the client " + ACCESS_TOKEN_SECONDS + " s access tokens",
                () -> setAttribute(kc, "access.token.lifespan", Integer.toString(ACCESS_TOKEN_SECONDS)));
        try {
            String alice = userId(kc, "alice");
            Map<String, Long> before = s.step("count Keycloak's refresh events so far", () -> refreshEvents(kc, alice));
            TestHttpClient http = new TestHttpClient();
            HttpLoginFlowIT.signIn(s, http, app, kc, "alice", KeycloakServer.ALICE_PASSWORD);
            for (int round = 1; round <= 2; round++) {
                int r = round;
                s.run("round " + r + ": the token is due; three requests at once all answer alice", () -> {
                    KeycloakServer.sleep(Duration.ofMillis(ACCESS_TOKEN_SECONDS * 500L + 1500));
                    String cookie = http.cookies(app.base()).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
                    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
                    for (int i = 0; i < 3; i++) all.add(RAW.sendAsync(HttpRequest.newBuilder(app.url("api/me"))
                            .header("Cookie", cookie).header("Accept", "application/json").timeout(Duration.ofSeconds(20))
                            .build(), HttpResponse.BodyHandlers.ofString()));
                    for (CompletableFuture<HttpResponse<String>> f : all) {
                        HttpResponse<String> answer = f.join();
                        check(answer.statusCode() == 200 && answer.body().contains("alice@example.com"),
                                "api/me answered " + answer.statusCode() + ": " + answer.body());
                    }
                });
            }
            s.run("Keycloak saw exactly two refreshes of alice's token by the app, and no refused one (no reuse)", () -> {
                Map<String, Long> after = Map.of();
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < end) { // Keycloak stores its events as it answers; looked for briefly
                    after = refreshEvents(kc, alice);
                    if (after.get("REFRESH_TOKEN") - before.get("REFRESH_TOKEN") >= 2) break;
                    KeycloakServer.sleep(Duration.ofMillis(200));
                }
                check(after.get("REFRESH_TOKEN") - before.get("REFRESH_TOKEN") == 2, "refreshes: before " + before + ", after " + after);
                check(after.get("REFRESH_TOKEN_ERROR").equals(before.get("REFRESH_TOKEN_ERROR")), "a refresh was refused: " + after);
            });
            s.run("still signed in after the refreshes", () -> {
                TestHttpClient.Response r = http.get(app.url("api/me"), "Accept", "application/json");
                check(r.status() == 200, "api/me: " + r);
            });
        } finally {
            put(kc, client, client);
        }
    }

    private static final HttpClient RAW = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> demoClient(KeycloakServer kc) {
        TestHttpClient.Response r = kc.admin("GET", "/clients?clientId=" + KeycloakServer.CLIENT_ID, null);
        check(r.status() == 200, "clients: " + r);
        List<Map<String, Object>> found = new Json().toType(r.body(), List.class);
        check(found.size() == 1, "clients: " + r.body());
        return found.get(0);
    }

    /** Sets one attribute of the app's client; returns the client as it was, to put back when the test ends. */
    private static Map<String, Object> setAttribute(KeycloakServer kc, String name, String value) {
        Map<String, Object> c = demoClient(kc);
        Map<String, Object> changed = new java.util.HashMap<>(c);
        Map<String, Object> attributes = new java.util.HashMap<>(attributes(c));
        attributes.put(name, value);
        changed.put("attributes", attributes);
        put(kc, c, changed);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Map<String, Object> client) {
        return client.get("attributes") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Replaces {@code original}'s representation with {@code changed} (the original again to undo a change). */
    private static void put(KeycloakServer kc, Map<String, Object> original, Map<String, Object> changed) {
        TestHttpClient.Response r = kc.admin("PUT", "/clients/" + original.get("id"), new Json().toJson(changed));
        check(r.status() == 204, "client update answered " + r);
    }

    @SuppressWarnings("unchecked")
    private static String userId(KeycloakServer kc, String username) {
        TestHttpClient.Response r = kc.admin("GET", "/users?exact=true&username=" + username, null);
        List<Map<String, Object>> found = new Json().toType(r.body(), List.class);
        check(r.status() == 200 && found.size() == 1, "users: " + r);
        return (String) found.get(0).get("id");
    }

    /** How many REFRESH_TOKEN and REFRESH_TOKEN_ERROR events Keycloak holds for the user and the app's client. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> refreshEvents(KeycloakServer kc, String userId) {
        TestHttpClient.Response r = kc.admin("GET", "/events?client=" + KeycloakServer.CLIENT_ID + "&user=" + userId
                + "&type=REFRESH_TOKEN&type=REFRESH_TOKEN_ERROR&max=1000", null);
        check(r.status() == 200, "events: " + r);
        List<Map<String, Object>> events = new Json().toType(r.body(), List.class);
        Map<String, Long> counts = new java.util.HashMap<>(Map.of("REFRESH_TOKEN", 0L, "REFRESH_TOKEN_ERROR", 0L));
        for (Map<String, Object> e : events) counts.merge(String.valueOf(e.get("type")), 1L, Long::sum);
        return counts;
    }
}
