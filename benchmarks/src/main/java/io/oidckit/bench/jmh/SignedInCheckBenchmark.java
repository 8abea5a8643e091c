package io.oidckit.bench.jmh;

import io.oidckit.OidcConfig;
import io.oidckit.web.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The core's per-request path for a signed-in session, through the public API only ({@link RelyingParty#handle}):
 * route match, session read, user decode, the route's requirement, the outcome. What every protected request of
 * every adapter costs in oidckit itself, before the framework's own work. Target: at most 1 µs per call.
 *
 * <p>Baselines in the same run: the same session on a public route (no rule matches: the user is still read, for
 * the page's greeting), and an anonymous request to the public route (no session at all). The session is a plain
 * map, as in memory; the user was signed in by a real login against the in-process test provider.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignedInCheckBenchmark {
    private TestProvider provider;
    private RelyingParty rp;
    private MapSession signedIn;
    private MapSession anonymous;
    private WebRequest profile;
    private WebRequest admin;
    private WebRequest home;
    private RelyingParty cookieRp;
    private char[] sessionCookie;
    private RelyingParty revokedRp;
    private MapSession revokedSession;
    /** Back-channel logouts of other users the relying party of {@link #signedInProtectedRevocations} knows. */
    static final int REVOCATIONS = 10_000;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        provider = TestProvider.start();
        rp = RelyingParty.create(OidcConfig.builder().authority(provider.issuer()).clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET).redirectUri("http://127.0.0.1:9/auth/callback")
                .protect("profile").protect("admin/**", Requirement.anyRole("admin"))
                .protect("api/**", Requirement.authenticated().asApi()).build());
        signedIn = new MapSession();
        signIn(rp, signedIn);
        anonymous = new MapSession();
        profile = request("/profile");
        admin = request("/admin");
        home = request("/");
        if (!(rp.handle(profile, signedIn).toCompletableFuture().join() instanceof Outcome.Continue c) || c.user() == null) {
            throw new IllegalStateException("the benchmark's session is not signed in");
        }
        revokedRp = RelyingParty.create(OidcConfig.builder().authority(provider.issuer()).clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET).redirectUri("http://127.0.0.1:9/auth/callback")
                .protect("profile").build());
        revokedSession = new MapSession();
        signIn(revokedRp, revokedSession);
        for (int i = 0; i < REVOCATIONS; i++) {
            // Half by sid, half by sub: both maps the check looks in are full.
            backchannelLogout(revokedRp, provider.logoutToken(i % 2 == 0
                    ? provider.logoutTokenClaims(null, "gone-sid-" + i).build()
                    : provider.logoutTokenClaims("gone-" + i, null).build()));
        }
        if (!(revokedRp.handle(profile, revokedSession).toCompletableFuture().join() instanceof Outcome.Continue c3) || c3.user() == null) {
            throw new IllegalStateException("the session beside " + REVOCATIONS + " revocations is not signed in");
        }
        cookieRp = RelyingParty.create(OidcConfig.builder().authority(provider.issuer()).clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET).redirectUri("http://127.0.0.1:9/auth/callback")
                .protect("profile").sessionMode(OidcConfig.SessionMode.COOKIE)
                .sessionSecret("bench-session-secret-of-at-least-32-characters").build());
        sessionCookie = cookieSignIn(cookieRp).toCharArray();
        if (!(cookieProtected() instanceof Outcome.Continue c2) || c2.user() == null || !c2.cookies().isEmpty()) {
            throw new IllegalStateException("the benchmark's cookie session is not signed in");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        provider.close();
    }

    /** A protected route (an exact rule) for the signed-in user: the hot path. */
    @Benchmark
    public Outcome signedInProtected() {
        return rp.handle(profile, signedIn).toCompletableFuture().getNow(null);
    }

    /** The protected route with {@value #REVOCATIONS} back-channel logouts of other users known: target ≥ 0.95 of none. */
    @Benchmark
    public Outcome signedInProtectedRevocations() {
        return revokedRp.handle(profile, revokedSession).toCompletableFuture().getNow(null);
    }

    /** A route that needs a role the user has. */
    @Benchmark
    public Outcome signedInRole() {
        return rp.handle(admin, signedIn).toCompletableFuture().getNow(null);
    }

    /** Baseline: the signed-in user on a public route (no rule; the user is still read for the page). */
    @Benchmark
    public Outcome signedInPublic() {
        return rp.handle(home, signedIn).toCompletableFuture().getNow(null);
    }

    /** Baseline: an anonymous visit to a public route, no session. */
    @Benchmark
    public Outcome anonymousPublic() {
        return rp.handle(home, anonymous).toCompletableFuture().getNow(null);
    }

    /**
     * Cookie mode: the same protected route, the session in the request's own sealed cookie. The header is a new
     * {@code String} per request, as a server builds one from each request's bytes, so no hash is cached.
     */
    @Benchmark
    public Outcome cookieProtected() {
        String cookie = new String(sessionCookie);
        WebRequest r = new WebRequest() {
            public String method() { return "GET"; }
            public String path() { return "/profile"; }
            public String rawQuery() { return null; }
            public String header(String name) { return name.equalsIgnoreCase("Cookie") ? cookie : null; }
        };
        return cookieRp.handle(r, NO_SESSION).toCompletableFuture().getNow(null);
    }

    private static final WebSession NO_SESSION = new MapSession();

    /** A real login in cookie mode; returns the {@code Cookie} header a browser then sends. */
    static String cookieSignIn(RelyingParty rp) throws Exception {
        Outcome.Redirect toProvider = (Outcome.Redirect) rp.handle(request(rp.loginPath()), NO_SESSION).toCompletableFuture().join();
        String pending = toProvider.cookies().get(0);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> back = http.send(HttpRequest.newBuilder(URI.create(toProvider.location()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        URI callback = URI.create(back.headers().firstValue("location").orElseThrow());
        String cookie = pending.substring(0, pending.indexOf(';'));
        WebRequest r = new WebRequest() {
            public String method() { return "GET"; }
            public String path() { return callback.getRawPath(); }
            public String rawQuery() { return callback.getRawQuery(); }
            public String header(String name) { return name.equalsIgnoreCase("Cookie") ? cookie : null; }
        };
        Outcome done = rp.handle(r, NO_SESSION).toCompletableFuture().get(30, TimeUnit.SECONDS);
        StringBuilder header = new StringBuilder();
        for (String c : done.cookies()) {
            if (!c.startsWith("oidckit.session.")) continue;
            if (header.length() > 0) header.append("; ");
            header.append(c, 0, c.indexOf(';'));
        }
        if (header.length() == 0) throw new IllegalStateException("login failed: " + done);
        return header.toString();
    }

    /** A back-channel logout as the provider posts it; it must be taken (200). */
    static void backchannelLogout(RelyingParty rp, String logoutToken) {
        byte[] body = ("logout_token=" + logoutToken).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        WebRequest r = WebRequest.of("POST", rp.config().basePath() + "auth/backchannel-logout", null,
                name -> name.equalsIgnoreCase("Content-Type") ? "application/x-www-form-urlencoded" : null,
                max -> java.util.concurrent.CompletableFuture.completedFuture(body));
        Outcome o = rp.handle(r, new MapSession()).toCompletableFuture().join();
        if (!(o instanceof Outcome.Answer a) || a.status() != 200) throw new IllegalStateException("back-channel logout: " + o);
    }

    static WebRequest request(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return new WebRequest() {
            public String method() { return "GET"; }
            public String path() { return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q); }
            public String rawQuery() { return q < 0 ? null : pathAndQuery.substring(q + 1); }
            public String header(String name) { return null; }
        };
    }

    /** A real login: the login route, the provider's (non-interactive) authorization, the callback. */
    static void signIn(RelyingParty rp, MapSession session) throws Exception {
        Outcome.Redirect toProvider = (Outcome.Redirect) rp.handle(request(rp.loginPath()), session).toCompletableFuture().join();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> back = http.send(HttpRequest.newBuilder(URI.create(toProvider.location()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        URI callback = URI.create(back.headers().firstValue("location").orElseThrow());
        Outcome done = rp.handle(request(callback.getRawPath() + "?" + callback.getRawQuery()), session)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (!(done instanceof Outcome.Redirect)) throw new IllegalStateException("login failed: " + done);
    }

    /** The framework's session as a map in memory, handing back the same String instances, as in-memory stores do. */
    static final class MapSession implements WebSession {
        private final Map<String, String> values = new HashMap<>();

        public String get(String key) { return values.get(key); }
        public void put(String key, String value) { values.put(key, value); }
        public void remove(String key) { values.remove(key); }
        public void renewId() { }
        public void invalidate() { values.clear(); }

        /** Another request's view of the same stored session. */
        MapSession copy() {
            MapSession m = new MapSession();
            m.values.putAll(values);
            return m;
        }
    }
}
