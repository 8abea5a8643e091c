package io.oidckit.tck;

import io.oidckit.OidcConfig;
import io.oidckit.Requirement;
import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The behaviour of docs/contract.md, checked over real HTTP against a running app of the adapter under test and the
 * in-process {@link TestProvider}. An adapter's test extends this class and implements {@link #start}: build the
 * minimal app (the four routes of {@link TckPages}, below {@code config.basePath()}) with the given configuration
 * and listen on 127.0.0.1:port. Every adapter runs every case; a case one adapter cannot pass is a bug, not a skip.
 *
 * <p>The cases live in one interface per route or topic ({@link HomeCases}, {@link LoginCases},
 * {@link CallbackCases}, {@link HostileIdTokenCases}, {@link ProtectedRouteCases}, {@link LogoutCases},
 * {@link ProviderTroubleCases}, {@link RoundTripCases}, {@link LogoutReturnCases}, {@link HostileProviderCases},
 * {@link UserInfoCases}, {@link BearerCases}, {@link ProviderLogoutCases}, {@link TokenCases}), as default test methods; this class implements them all,
 * so every case is a test method of the adapter's own test class. It owns the lifecycle: one provider and one app
 * per test class, started before the first case and stopped after the last, and the provider reset before each
 * case.
 *
 * <p>Override {@link #basePath()} to run the whole kit with the app under a path prefix ({@code URL_BASE_PATHNAME}),
 * for example in a second test class of the adapter:
 *
 * <pre>
 * &#64;DisplayName("My adapter, under the base path /app/")
 * class MyAdapterBasePathCompatibilityTest extends MyAdapterCompatibilityTest {
 *     &#64;Override
 *     protected String basePath() {
 *         return "/app/";
 *     }
 * }
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterCompatibilityKit implements HomeCases, LoginCases, CallbackCases, HostileIdTokenCases,
        ProtectedRouteCases, LogoutCases, LogoutReturnCases, ProviderTroubleCases, RoundTripCases, HostileProviderCases,
        UserInfoCases, BearerCases, ProviderLogoutCases, TokenCases {

    /**
     * Starts the adapter's minimal app on {@code 127.0.0.1:port}, protected by {@code config} (its access rules
     * protect {@code profile}, {@code admin/**} for role {@code admin}, and {@code api/**} as an API that takes a
     * bearer token or the session, {@code OIDC_API_AUDIENCE} being {@link TestProvider#API_AUDIENCE}), serving the
     * pages of {@link TckPages} below {@code config.basePath()}. Called once per test class and again by the cases
     * that need an app of their own, so it must work several times in one JVM.
     */
    protected abstract TckApp start(OidcConfig config, int port) throws Exception;

    /**
     * The base path {@code B} the kit's apps are configured with and every case requests and expects its routes
     * under: {@code /} unless overridden; it must start and end with {@code /}.
     */
    protected String basePath() {
        return "/";
    }

    /**
     * The session mode the kit's apps run in: {@code framework} unless overridden. Override it with
     * {@link OidcConfig.SessionMode#COOKIE} in a second test class to run the whole kit in cookie mode (the kit then
     * sets {@link #SESSION_SECRET}).
     */
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.FRAMEWORK;
    }

    /** The session secret of the kit's apps in cookie mode. */
    public static final String SESSION_SECRET = "kit-session-secret-of-at-least-32-characters";

    private TestProvider provider;
    private TckApp app;
    private String base;
    private URI origin;

    @BeforeAll
    void startAll() throws Exception {
        base = basePath();
        if (!base.startsWith("/") || !base.endsWith("/")) {
            throw new IllegalStateException("basePath() must start and end with /: " + base);
        }
        provider = TestProvider.start();
        int port = freePort();
        app = start(mode(config(provider, port, base)).build(), port);
        origin = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            if (app != null) app.close();
        } finally {
            if (provider != null) provider.close();
        }
    }

    @BeforeEach
    void resetProvider() {
        provider.reset();
    }

    /** The configuration of the kit's apps at the base path {@code /}; public so adapter tests can start extra apps the same way. */
    public static OidcConfig.Builder config(TestProvider provider, int port) {
        return config(provider, port, "/");
    }

    /**
     * The configuration of the kit's apps under {@code basePath}: the redirect URI is
     * {@code http://127.0.0.1:PORT B auth/callback}, and the access rules are relative to {@code B}.
     */
    public static OidcConfig.Builder config(TestProvider provider, int port, String basePath) {
        return OidcConfig.builder()
                .authority(provider.issuer())
                .clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET)
                .basePath(basePath)
                .redirectUri("http://127.0.0.1:" + port + basePath + "auth/callback")
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ZERO, Duration.ZERO)
                .protect("profile")
                .protect("admin/**", Requirement.anyRole("admin"))
                .set(io.oidckit.settings.Setting.OIDC_API_AUDIENCE, TestProvider.API_AUDIENCE)
                .protect("api/**", Requirement.authenticated().proved(Requirement.Credential.BEARER_OR_SESSION));
    }

    private OidcConfig.Builder mode(OidcConfig.Builder b) {
        return sessionMode() == OidcConfig.SessionMode.COOKIE
                ? b.sessionMode(OidcConfig.SessionMode.COOKIE).sessionSecret(SESSION_SECRET) : b;
    }

    /** A port that was free on the loopback interface a moment ago. */
    public static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------ KitContext

    @Override
    public final TestProvider provider() {
        return provider;
    }

    @Override
    public final boolean cookieSessions() {
        return sessionMode() == OidcConfig.SessionMode.COOKIE;
    }

    @Override
    public final TckBrowser browser() {
        return new TckBrowser(origin);
    }

    @Override
    public final TckBrowser signedInAs(String sub) {
        provider.loginAs(sub);
        TckBrowser b = browser();
        TckBrowser.Response r = b.login(path("auth/login"));
        assertEquals(302, r.status(), "callback for " + sub + ": " + r.body());
        return b;
    }

    @Override
    public final String path(String relative) {
        if (relative.startsWith("/")) throw new IllegalArgumentException("a path relative to the base path: " + relative);
        return base + relative;
    }

    @Override
    public final String url(String relative) {
        return origin.resolve(path(relative)).toString();
    }

    @Override
    public final App startApp(UnaryOperator<OidcConfig.Builder> edit) throws Exception {
        int port = freePort();
        TckApp other = start(edit.apply(mode(config(provider, port, base))).build(), port);
        return new App(other, URI.create("http://127.0.0.1:" + port + "/"));
    }
}
