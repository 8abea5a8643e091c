package io.oidckit.replicas;

import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of an example behind nginx's plain round robin, sharing one {@link TestProvider} (in this JVM) and
 * one Redis: the login state and the signed-in session must be wherever the next request lands. One run of the
 * cases per {@link Setup} (example, session mode, base path); each setup's replicas start once and serve all its
 * cases, Redis and the provider start once for the class. The order matters only for cost: the case that kills a
 * replica runs last, so nothing has to be restarted after it.
 */
@ParameterizedClass(name = "[{index}] {0}")
@MethodSource("setups")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Two replicas behind nginx")
class ReplicasTest {
    /** The provider's default user; its {@code sub} is what api/me must name on every replica. */
    private static final String USER = "alice";
    private static final int SIGNED_IN_REQUESTS = 100;
    private static final Duration REDIS_GONE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(45);

    private static TestProvider provider;
    private static RedisServer redis;
    private static Rig rig;

    @Parameter
    Setup setup;

    /**
     * Framework sessions in Redis for the three examples whose framework has a Redis store, at the root; and one of
     * them under {@code /app/}, behind a proxy that forwards the prefix. A cookie mode adds its own rows.
     */
    static Stream<Setup> setups() {
        List<Setup> all = List.of(
                new Setup("spring-app", SessionMode.FRAMEWORK_REDIS, "/"),
                new Setup("micronaut-app", SessionMode.FRAMEWORK_REDIS, "/"),
                new Setup("vertx-app", SessionMode.FRAMEWORK_REDIS, "/"),
                new Setup("spring-app", SessionMode.FRAMEWORK_REDIS, "/app/"),
                new Setup("servlet-app", SessionMode.COOKIE, "/"),
                new Setup("spring-app", SessionMode.COOKIE, "/"),
                new Setup("micronaut-app", SessionMode.COOKIE, "/"),
                new Setup("vertx-app", SessionMode.COOKIE, "/"),
                // Every example under an ingress path too (the prefix kept, the redirect URI on the proxy's origin).
                new Setup("servlet-app", SessionMode.COOKIE, "/app/"),
                new Setup("micronaut-app", SessionMode.FRAMEWORK_REDIS, "/app/"),
                new Setup("vertx-app", SessionMode.COOKIE, "/app/"));
        List<String> chosen = RigSettings.examples();
        return all.stream().filter(s -> chosen.contains(s.example()));
    }

    @BeforeAll
    static void startShared() {
        provider = TestProvider.start();
        redis = RedisServer.start(RigSettings.workDir());
    }

    @AfterAll
    static void stopShared() {
        try {
            if (redis != null) redis.close();
        } finally {
            if (provider != null) provider.close();
        }
    }

    @BeforeParameterizedClassInvocation
    static void startRig(Setup setup) {
        if (!redis.isRunning()) redis.start(); // a failed Redis case may have left it stopped
        rig = Rig.start(setup, provider, redis);
    }

    @AfterParameterizedClassInvocation
    static void stopRig() {
        if (rig != null) rig.close();
        rig = null;
    }

    @BeforeEach
    void everythingUp() {
        provider.reset();
        if (setup.mode().usesRedis() && !redis.isRunning()) redis.start();
        rig.ensureRunning();
    }

    @Test
    @Order(1)
    @DisplayName("(a) a login that starts on one replica ends on the other")
    void loginSpansReplicas() {
        withLogs(() -> {
            TckBrowser browser = rig.browser();
            TckBrowser.Response login = browser.get(path("auth/login"));
            assertEquals(302, login.status(), "auth/login: " + login.body());
            Replica started = rig.servedBy(login);

            TckBrowser.Response callback = browser.get(browser.authorize(URI.create(login.location())));
            Replica finished = rig.servedBy(callback);
            assertNotEquals(started, finished, "round robin should have sent the callback to the other replica");
            assertEquals(302, callback.status(), "the callback on " + finished + " (login began on " + started
                    + "): " + callback.body());
            assertEquals(rig.basePath(), callback.location(), "after login, back to the home page");
            assertCookiesUnder(login);
            assertCookiesUnder(callback);

            assertSignedIn(browser, 2);
        });
    }

    @Test
    @Order(2)
    @DisplayName("(b) 100 signed-in requests alternate between the replicas, all as the same user")
    void signedInEverywhere() {
        withLogs(() -> {
            TckBrowser browser = rig.browser();
            signIn(browser);
            Map<String, Integer> perReplica = new HashMap<>();
            String previous = null;
            int switches = 0;
            for (int i = 0; i < SIGNED_IN_REQUESTS; i++) {
                TckBrowser.Response me = browser.get(path("api/me"));
                Replica by = rig.servedBy(me);
                assertEquals(200, me.status(), "request " + i + " on " + by + ": " + me.body());
                assertTrue(me.body().contains("\"sub\":\"" + USER + "\""), "request " + i + " on " + by + ": " + me.body());
                perReplica.merge(by.name(), 1, Integer::sum);
                if (previous != null && !previous.equals(by.name())) switches++;
                previous = by.name();
            }
            for (Replica r : rig.replicas()) {
                assertTrue(perReplica.getOrDefault(r.name(), 0) >= SIGNED_IN_REQUESTS / 2 - 5,
                        "both replicas should answer about half: " + perReplica);
            }
            assertTrue(switches >= SIGNED_IN_REQUESTS - 10, "consecutive requests should alternate: " + switches
                    + " switches in " + SIGNED_IN_REQUESTS + " requests " + perReplica);
        });
    }

    @Test
    @Order(3)
    @DisplayName("(e) a back-channel logout posted to one replica ends the session on the other within 1 s")
    void backchannelLogoutReachesTheOther() {
        withLogs(() -> {
            TckBrowser browser = rig.browser();
            signIn(browser);
            Replica told = rig.replicas().get(0), other = rig.replicas().get(1);
            assertEquals(200, direct(other, browser).get(path("api/me")).status(), "signed in on " + other);
            backchannelLogout(told);
            long start = System.nanoTime(), end = start + Duration.ofSeconds(1).toNanos();
            int status = 200;
            while (status == 200 && System.nanoTime() < end) {
                status = direct(other, browser).get(path("api/me")).status();
                if (status == 200) RigProcess.sleep(Duration.ofMillis(20));
            }
            assertEquals(401, status, other + " still took the session 1 s after " + told + " received the logout");
            assertEquals(401, direct(told, browser).get(path("api/me")).status(), told + " ended it too");
            TckBrowser.Response after = browser.get(path("profile"));
            assertEquals(302, after.status(), "through the proxy: a login starts: " + after.body());
        });
    }

    @Test
    @Order(4)
    @DisplayName("(f) two replicas refresh the same session at once: one refresh call, both keep the user, rotation on")
    void refreshOnceAcrossReplicas() {
        withLogs(() -> {
            provider.accessTokenLifetime(Duration.ofSeconds(4)); // due 2 s after it is issued (half its life)
            TckBrowser browser = rig.browser();
            signIn(browser);
            Replica a = rig.replicas().get(0), b = rig.replicas().get(1);
            // The same session (cookies copied: two tabs) on each replica, while the token endpoint is slow, so
            // that both find the token due before either has an answer.
            TckBrowser onA = direct(a, browser), onB = direct(b, browser);
            RigProcess.sleep(Duration.ofMillis(2500));
            provider.stall(io.oidckit.testprovider.Endpoint.TOKEN, Duration.ofMillis(500));
            int before = provider.refreshGrants();
            java.util.concurrent.CompletableFuture<TckBrowser.Response> first =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> onA.get(path("api/me")));
            java.util.concurrent.CompletableFuture<TckBrowser.Response> second =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> onB.get(path("api/me")));
            for (var answer : List.of(first.join(), second.join())) {
                assertEquals(200, answer.status(), answer.body());
                assertTrue(answer.body().contains("\"sub\":\"" + USER + "\""), answer.body());
            }
            assertEquals(before + 1, provider.refreshGrants(), "one refresh call for the two replicas");
            // Rotation: each tab now holds the rotated refresh token, and it refreshes again (not spent twice,
            // which would have revoked them all).
            RigProcess.sleep(Duration.ofMillis(2500));
            for (TckBrowser tab : List.of(onB, onA)) {
                TckBrowser.Response me = tab.get(path("api/me"));
                assertEquals(200, me.status(), me.body());
            }
            assertEquals(before + 2, provider.refreshGrants(), "the rotated token refreshed once more, for both tabs");
        });
    }

    @Test
    @Order(5)
    @DisplayName("(g) Redis stopped during a back-channel logout, then started: the revocation reaches the other replica")
    void logoutWhileRedisDown() {
        org.junit.jupiter.api.Assumptions.assumeFalse(setup.mode().usesRedis(),
                "framework sessions live in Redis: with it down no session is served at all, and it comes back empty");
        withLogs(() -> {
            TckBrowser browser = rig.browser();
            signIn(browser);
            Replica told = rig.replicas().get(0), other = rig.replicas().get(1);
            redis.stop();
            try {
                backchannelLogout(told);
                assertEquals(401, direct(told, browser).get(path("api/me")).status(), told + " applies it at once");
                assertEquals(200, direct(other, browser).get(path("api/me")).status(),
                        "without Redis, " + other + " cannot know yet (the documented degraded mode)");
            } finally {
                redis.start();
            }
            long end = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
            int status = 200;
            while (status == 200 && System.nanoTime() < end) {
                status = direct(other, browser).get(path("api/me")).status();
                if (status == 200) RigProcess.sleep(Duration.ofMillis(200));
            }
            assertEquals(401, status, other + " never learnt of the logout after Redis came back");
        });
    }

    /** Cookie mode keeps nothing in Redis: with it stopped, signing in and signed-in requests work on both replicas. */
    private void cookieModeIgnoresRedis() {
        withLogs(() -> {
            redis.stop();
            try {
                TckBrowser b = rig.browser();
                signIn(b);
                Set<Replica> served = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    TckBrowser.Response r = b.get(path("api/me"), "Accept", "application/json");
                    served.add(rig.servedBy(r));
                    assertEquals(200, r.status(), "cookie mode with Redis down, " + rig.servedBy(r) + ": " + r.body());
                    assertTrue(r.body().contains("\"sub\":\"" + USER + "\""), r.body());
                }
                assertEquals(2, served.size(), "both replicas answered");
                b.cookies().keySet().forEach(name -> assertTrue(name.startsWith("oidckit."),
                        "cookie mode sets only the core's cookies, no framework session: " + b.cookies().keySet()));
            } finally {
                redis.start();
            }
        });
    }

    @Test
    @Order(6)
    @DisplayName("(d) Redis stopped: the core's 503 page, no 500 (in cookie mode: nothing changes); Redis back: a fresh login works, replicas not restarted")
    void redisRestart() {
        if (!setup.mode().usesRedis()) {
            cookieModeIgnoresRedis();
            return;
        }
        withLogs(() -> {
            Map<Replica, Long> pids = new HashMap<>();
            rig.replicas().forEach(r -> pids.put(r, r.pid()));
            TckBrowser signedIn = rig.browser();
            signIn(signedIn);

            redis.stop();
            // Each replica sees Redis go at its own pace (a dropped connection, a refused one): until then a
            // request may still get its old answer, never anything else.
            List<String> seen = new ArrayList<>();
            Map<Replica, TckBrowser.Response> unavailable = new HashMap<>();
            long end = System.nanoTime() + REDIS_GONE_DEADLINE.toNanos();
            while (unavailable.size() < 2 && System.nanoTime() < end) {
                TckBrowser.Response r = signedIn.get(path("profile"));
                Replica by = rig.servedBy(r);
                seen.add(by.name() + ":" + r.status());
                if (r.status() == 503) unavailable.put(by, r);
                else assertTrue(r.status() == 200, "with Redis stopping, " + by + " answered " + r.status()
                        + " (seen " + seen + "): " + r.body());
                if (unavailable.size() < 2) RigProcess.sleep(Duration.ofMillis(100));
            }
            assertEquals(2, unavailable.size(), "both replicas should answer 503 with Redis down; seen " + seen);
            unavailable.forEach((by, r) -> assertErrorPage(by, r, "signed in, Redis down"));

            // A new login cannot end signed in: the signed-in user must be stored in the session (the login's own
            // state may be in the session too, then auth/login already fails; or in a cookie, then the callback).
            for (int i = 0; i < 2; i++) {
                TckBrowser newcomer = rig.browser();
                TckBrowser.Response login = newcomer.get(path("auth/login"));
                if (login.status() == 503) {
                    assertErrorPage(rig.servedBy(login), login, "auth/login, Redis down");
                    continue;
                }
                assertEquals(302, login.status(), "auth/login on " + rig.servedBy(login) + ", Redis down: " + login.body());
                TckBrowser.Response callback = newcomer.get(newcomer.authorize(URI.create(login.location())));
                assertErrorPage(rig.servedBy(callback), callback, "the callback, Redis down");
            }

            redis.start();
            // The replicas reconnect by themselves; the sessions are gone (Redis keeps nothing), so a fresh login.
            long until = System.nanoTime() + RECOVERY_DEADLINE.toNanos();
            String last = "no attempt yet";
            boolean back = false;
            while (!back && System.nanoTime() < until) {
                try {
                    TckBrowser fresh = rig.browser();
                    signIn(fresh);
                    assertSignedIn(fresh, 2);
                    back = true;
                } catch (AssertionError e) {
                    last = e.getMessage();
                    RigProcess.sleep(Duration.ofMillis(500));
                }
            }
            assertTrue(back, "no working login within " + RECOVERY_DEADLINE.toSeconds() + " s of Redis's restart: " + last);
            rig.replicas().forEach(r -> assertEquals(pids.get(r), r.pid(), r + " was restarted"));
        });
    }

    @Test
    @Order(7)
    @DisplayName("(c) the replica that began a login is killed before the callback: the other one completes it")
    void replicaKilledMidLogin() {
        withLogs(() -> {
            TckBrowser browser = rig.browser();
            TckBrowser.Response login = browser.get(path("auth/login"));
            assertEquals(302, login.status(), "auth/login: " + login.body());
            Replica began = rig.servedBy(login);
            Replica survivor = rig.other(began);
            began.kill();
            assertTrue(!began.isAlive(), began + " still running after SIGKILL");

            TckBrowser.Response callback = browser.get(browser.authorize(URI.create(login.location())));
            assertEquals(survivor, rig.servedBy(callback), "only " + survivor + " is left");
            assertEquals(302, callback.status(), "the callback on " + survivor + ": " + callback.body());
            assertEquals(rig.basePath(), callback.location());
            TckBrowser.Response me = browser.get(path("api/me"));
            assertEquals(200, me.status(), me.body());
            assertTrue(me.body().contains("\"sub\":\"" + USER + "\""), me.body());
            assertEquals(survivor, rig.servedBy(me));
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** {@code relative} under the setup's base path, as a path for the browser. */
    private static String path(String relative) {
        return rig.basePath() + relative;
    }

    /** A browser talking to {@code replica} directly, past the proxy, holding {@code from}'s cookies now. */
    private static TckBrowser direct(Replica replica, TckBrowser from) {
        TckBrowser b = new TckBrowser(URI.create("http://127.0.0.1:" + replica.port() + "/"));
        b.cookies().putAll(from.cookies());
        return b;
    }

    /** The provider's back-channel logout of the user's provider session, posted to {@code replica} as a provider does. */
    private static void backchannelLogout(Replica replica) {
        String token = provider.logoutToken(provider.logoutTokenClaims(USER, provider.sid(USER)).build());
        TckBrowser.Response r = new TckBrowser(URI.create("http://127.0.0.1:" + replica.port() + "/")).postForm(
                URI.create("http://127.0.0.1:" + replica.port() + path("auth/backchannel-logout")),
                "logout_token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, r.status(), "back-channel logout on " + replica + ": " + r.body());
    }

    /** A whole login through the proxy (whichever replicas it lands on); checked to end signed in. */
    private static void signIn(TckBrowser browser) {
        TckBrowser.Response login = browser.get(path("auth/login"));
        assertEquals(302, login.status(), "auth/login on " + rig.servedBy(login) + ": " + login.body());
        TckBrowser.Response callback = browser.get(browser.authorize(URI.create(login.location())));
        assertEquals(302, callback.status(), "the callback on " + rig.servedBy(callback) + ": " + callback.body());
        assertEquals(rig.basePath(), callback.location());
    }

    /** {@code api/me} names the user on {@code requests} consecutive requests, that is on both replicas. */
    private static void assertSignedIn(TckBrowser browser, int requests) {
        List<Replica> by = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            TckBrowser.Response me = browser.get(path("api/me"));
            by.add(rig.servedBy(me));
            assertEquals(200, me.status(), "api/me on " + rig.servedBy(me) + ": " + me.body());
            assertTrue(me.body().contains("\"sub\":\"" + USER + "\""), "api/me on " + rig.servedBy(me) + ": " + me.body());
        }
        assertEquals(Math.min(requests, 2), by.stream().distinct().count(), "api/me answered by " + by);
    }

    /** Every cookie the app sets is scoped to its base path: behind a shared proxy, no other app sees it. */
    private static void assertCookiesUnder(TckBrowser.Response r) {
        for (String cookie : r.setCookies()) {
            String path = java.util.Arrays.stream(cookie.split(";")).map(String::trim)
                    .filter(a -> a.regionMatches(true, 0, "Path=", 0, 5)).map(a -> a.substring(5))
                    .findFirst().orElse("(none)");
            assertTrue(path.startsWith(rig.basePath()) || (path + "/").equals(rig.basePath()),
                    "cookie outside the base path " + rig.basePath() + ": " + cookie);
        }
    }

    /** The core's 503 page: the status, HTML, its wording, and nothing of a stack trace or a framework's page. */
    private static void assertErrorPage(Replica by, TckBrowser.Response r, String what) {
        String body = r.body();
        assertEquals(503, r.status(), what + ": " + by + " answered " + r.status() + ": " + body);
        assertTrue(String.valueOf(r.header("Content-Type")).startsWith("text/html"), what + ": " + r.header("Content-Type"));
        assertTrue(body.contains("<!doctype html>"), what + ": not the core's page: " + body);
        for (String leak : List.of("Exception", "\tat ", "at io.", "at java.", "Caused by", "Whitelabel", "lettuce", "Redis")) {
            assertTrue(!body.contains(leak), what + ": the page shows \"" + leak + "\": " + body);
        }
    }

    /** Runs a case; a failure gets the end of every log of the rig, where the reason usually is. */
    private static void withLogs(Executable body) {
        try {
            body.execute();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + System.lineSeparator() + rig.diagnostics(), e);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
