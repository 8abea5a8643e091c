package io.oidckit.bench.http;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One framework's benchmark process: an in-process {@link TestProvider}, the app ({@link BenchApp}) on a free
 * loopback port, and a signed-in browser session. Prints {@code READY port=… cookie=…} and then answers commands
 * on stdin, one per line, each with one {@code RESULT …} line:
 * <ul>
 *   <li>{@code login SECONDS THREADS USERINFO(true|false)}: full logins through the app (login route, provider,
 *       callback) for SECONDS after a warm-up; logins per second and provider calls per login;</li>
 *   <li>{@code rawlogin SECONDS THREADS USERINFO}: the same provider work done with the raw Nimbus SDK and no app
 *       ({@link RawLogin}), the baseline;</li>
 *   <li>{@code sessions}: sizes of the signed-in sessions the app's store holds;</li>
 *   <li>{@code stop} (or end of stdin): stops everything and exits.</li>
 * </ul>
 * The orchestrator ({@link HttpBench}) runs the load itself, from its own process.
 */
public final class BenchServer {
    /** {@code -Doidckit.bench.sessionMode=cookie}: the app in cookie session mode (docs/replicas.md). */
    public static final String MODE_PROPERTY = "oidckit.bench.sessionMode";

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BenchApp kind = BenchApps.load(args[0]);
        TestProvider provider = TestProvider.start();
        int port = AdapterCompatibilityKit.freePort();
        BenchApp.Running app = kind.start(config(provider, port, false), provider, port);
        BenchApp.Running userInfoApp = null;
        int userInfoPort = -1;
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            TckBrowser browser = new TckBrowser(base);
            // oidckit's /p/** also takes bearer tokens, so it answers an anonymous request as an API (401, no redirect):
            // its browser login starts at the login route. A framework's own OIDC support redirects from /p/hello.
            String cookie = signIn(browser, base, kind.nativeOf() == null ? "/auth/login?return_to=%2Fp%2Fhello" : "/p/hello");
            check(base, "/open/hello", null, 200);
            check(base, "/p/hello", cookie, 200);
            int anonymous = status(base, "/p/hello", null);
            if (anonymous == 200) throw new IllegalStateException(kind.name() + ": /p/hello answers 200 without a session");
            String token = "-";
            if (kind.nativeOf() == null) {
                check(base, "/pub/hello", cookie, 200);
                token = provider.accessToken(provider.accessTokenClaims("alice", "openid")
                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 7_200_000)).build());
                TckBrowser.Response byToken = new TckBrowser(base).get("/p/hello", "Authorization", "Bearer " + token);
                if (byToken.status() != 200) {
                    throw new IllegalStateException(kind.name() + ": /p/hello refuses the bearer token: " + byToken.status()
                            + " " + byToken.header("WWW-Authenticate") + " " + byToken.body());
                }
                userInfoPort = AdapterCompatibilityKit.freePort();
                userInfoApp = kind.start(config(provider, userInfoPort, true), provider, userInfoPort);
            }
            System.out.println("READY name=" + kind.name() + " native=" + (kind.nativeOf() == null ? "-" : kind.nativeOf())
                    + " port=" + port + " anonymous=" + anonymous + " token=" + token + " cookie=" + cookie);
            System.out.flush();

            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] c = line.trim().split("\\s+");
                switch (c[0]) {
                    case "login" -> {
                        boolean ui = Boolean.parseBoolean(c[3]);
                        int p = ui ? userInfoPort : port;
                        System.out.println("RESULT " + logins(provider, p, Integer.parseInt(c[1]), Integer.parseInt(c[2]), false, ui));
                    }
                    case "rawlogin" -> System.out.println("RESULT " + logins(provider, port, Integer.parseInt(c[1]),
                            Integer.parseInt(c[2]), true, Boolean.parseBoolean(c[3])));
                    case "sessions" -> System.out.println("RESULT " + sizes(app.signedInSessionSizes()));
                    case "introspect" -> System.out.println("RESULT " + introspections(provider, port,
                            Double.parseDouble(c[1]), Integer.parseInt(c[2])));
                    case "stop" -> {
                        return;
                    }
                    default -> System.out.println("RESULT error=unknown-command");
                }
                System.out.flush();
            }
        } catch (Exception | Error e) {
            e.printStackTrace(); // before the halt below, which would swallow it
            throw e;
        } finally {
            try {
                app.close();
                if (userInfoApp != null) userInfoApp.close();
            } finally {
                provider.close();
            }
            System.out.flush();
            // Framework threads (non-daemon pools) must not keep the process alive.
            Runtime.getRuntime().halt(0);
        }
    }

    /** A new opaque token on {@code /p/hello} from {@code connections} connections at once: introspection calls made. */
    static String introspections(TestProvider provider, int port, double seconds, int connections) throws Exception {
        String token = provider.opaqueToken("bob", "openid");
        int before = provider.calls(io.oidckit.testprovider.Endpoint.INTROSPECT);
        LoadGen.Result r = LoadGen.runWith(port, "/p/hello", "Authorization: Bearer " + token, connections, seconds, 200);
        return "calls=" + (provider.calls(io.oidckit.testprovider.Endpoint.INTROSPECT) - before) + " requests=" + r.ok()
                + " errors=" + r.errors();
    }

    static String sizes(List<Integer> sizes) {
        if (sizes.isEmpty()) return "signedInSessions=unknown (this app cannot list its sessions)";
        List<Integer> s = new ArrayList<>(sizes);
        s.sort(null);
        return "signedInSessions=" + s.size() + " bytesMin=" + s.get(0) + " bytesMedian=" + s.get(s.size() / 2)
                + " bytesMax=" + s.get(s.size() - 1);
    }

    static OidcConfig config(TestProvider provider, int port, boolean userInfo) {
        return OidcConfig.builder()
                .authority(provider.issuer())
                .clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET)
                .redirectUri("http://127.0.0.1:" + port + "/auth/callback")
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(10))
                .fetchUserInfo(userInfo)
                // A session or a bearer token, as an app's API takes both (docs/api-mode.md).
                .set(io.oidckit.settings.Setting.OIDC_API_AUDIENCE, TestProvider.API_AUDIENCE)
                .protect("p/**", io.oidckit.Requirement.authenticated().proved(io.oidckit.Requirement.Credential.BEARER_OR_SESSION))
                .apply(cookieMode() ? java.util.Map.of("OIDC_SESSION_MODE", "cookie",
                        "OIDC_SESSION_SECRET", "bench-session-secret-of-at-least-32-characters") : java.util.Map.of())
                .build();
    }

    static boolean cookieMode() {
        return "cookie".equals(System.getProperty(MODE_PROPERTY));
    }

    /**
     * Signs in the way a browser does, whatever the framework: GET {@code start}, follow every redirect (app and
     * provider) until the app answers 200; returns the app's cookies as one {@code Cookie} header value.
     */
    static String signIn(TckBrowser browser, URI base, String start) {
        URI next = base.resolve(start);
        for (int hop = 0; hop < 12; hop++) {
            TckBrowser.Response r = browser.send("GET", next);
            if (r.status() == 200 && next.getPort() == base.getPort() && next.getPath().equals("/p/hello")) {
                return browser.cookieHeader("/p/hello"); // what a browser sends there: cookies by path
            }
            if (r.status() / 100 != 3 || r.location() == null) {
                throw new IllegalStateException("sign-in stopped at " + next + " with " + r.status() + ": " + r.body());
            }
            next = next.resolve(r.location());
        }
        throw new IllegalStateException("sign-in did not finish within 12 redirects");
    }

    static void check(URI base, String path, String cookie, int expected) {
        int s = status(base, path, cookie);
        if (s != expected) throw new IllegalStateException(path + " answered " + s + " instead of " + expected);
    }

    static int status(URI base, String path, String cookie) {
        TckBrowser b = new TckBrowser(base);
        return cookie == null ? b.get(path).status() : b.get(path, "Cookie", cookie).status();
    }

    /** Logins for {@code seconds} on {@code threads} threads, after a warm-up of the same length (at most 3 s). */
    static String logins(TestProvider provider, int port, int seconds, int threads, boolean raw, boolean userInfo) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        RawLogin rawLogin = raw ? new RawLogin(provider, "http://127.0.0.1:" + port + "/auth/callback", userInfo) : null;
        Runnable one = raw ? rawLogin::login : () -> {
            TckBrowser.Response r = new TckBrowser(base).login("/auth/login");
            if (r.status() != 302 || !"/".equals(r.location())) {
                throw new IllegalStateException("callback answered " + r.status() + " " + r.location());
            }
        };
        run(one, Math.min(3, seconds), threads); // warm: metadata, JWKS and the JIT
        Map<Endpoint, Integer> before = counts(provider);
        long start = System.nanoTime();
        long[] done = run(one, seconds, threads);
        double secs = (System.nanoTime() - start) / 1e9;
        Map<Endpoint, Integer> after = counts(provider);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "logins=%d failures=%d seconds=%.2f perSecond=%.1f",
                done[0], done[1], secs, done[0] / secs));
        for (Endpoint e : Endpoint.values()) {
            int n = after.get(e) - before.get(e);
            b.append(String.format(Locale.ROOT, " %s=%.3f", e.name().toLowerCase(Locale.ROOT), done[0] == 0 ? 0.0 : (double) n / done[0]));
        }
        return b.toString();
    }

    private static Map<Endpoint, Integer> counts(TestProvider provider) {
        Map<Endpoint, Integer> m = new EnumMap<>(Endpoint.class);
        for (Endpoint e : Endpoint.values()) m.put(e, provider.calls(e));
        return m;
    }

    /** Runs {@code one} in a loop on {@code threads} threads for {@code seconds}; returns {ok, failures}. */
    private static long[] run(Runnable one, int seconds, int threads) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        one.run();
                        ok.incrementAndGet();
                    } catch (RuntimeException | AssertionError e) {
                        if (failed.incrementAndGet() <= 3) System.err.println("login failed: " + e);
                    }
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join(seconds * 1000L + 60_000);
        return new long[]{ok.get(), failed.get()};
    }
}
