package io.oidckit.devprovider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import no.nav.security.mock.oauth2.token.RequestMapping;
import no.nav.security.mock.oauth2.token.RequestMappingTokenCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded development OpenID provider that the example apps start when {@code OIDC_AUTHORITY} is unset, so
 * that login can be tried without an account anywhere. <strong>For development only, never on a production
 * path</strong>: there are no passwords, and whoever reaches the login page signs in as whoever they type.
 *
 * <p>It is NAV's mock-oauth2-server with interactive login, listening on 127.0.0.1 only, with one issuer,
 * {@code http://localhost:PORT/default} (see {@link #issuer()}). The issuer does not depend on the host name a
 * client uses: requests to {@code http://127.0.0.1:PORT/...} get the same {@code localhost} issuer and endpoint
 * URLs. Clients should still use {@code localhost}, because the endpoint URLs in discovery (where browsers are
 * sent) say {@code localhost}, and a browser must reach them over IPv4 loopback.
 *
 * <p>Login: the authorization endpoint answers with an HTML form, a text field {@code username} and a submit
 * button {@code #sign-in}; the form posts back to the same URL. The users:
 * <ul>
 *   <li>{@code alice}: {@code name} "Alice Admin", {@code email} "alice@example.com", {@code groups ["admin"]}</li>
 *   <li>{@code bob}: {@code name} "Bob Builder", {@code email} "bob@example.com", {@code groups []}</li>
 *   <li>any other name: {@code sub} and {@code name} are that name, no {@code email}, no {@code groups}.</li>
 * </ul>
 * The two test names match ignoring case and surrounding spaces ({@code " Alice"} is alice, {@code sub=alice}).
 *
 * <p>Tokens: the ID token from the token endpoint is RS256-signed (keys at the discovery {@code jwks_uri}) and
 * carries {@code iss}, {@code sub} (= the user name), {@code aud} (= the {@code client_id}), {@code nonce} (echoed
 * from the authorization request when it had one), {@code name}, {@code email}, {@code groups}, {@code iat},
 * {@code exp} (one hour). Any {@code client_id} and secret are accepted, with {@code client_secret_basic},
 * {@code client_secret_post} or no secret; PKCE {@code S256} is checked when the authorization request carried a
 * {@code code_challenge}. The {@code end_session_endpoint} redirects to {@code post_logout_redirect_uri}, with
 * {@code ?state=} appended when a {@code state} was given; it keeps no session, so there is nothing to end.
 */
public final class DevProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevProvider.class);

    /** The issuer id, mock-oauth2-server's first path segment; part of every endpoint URL. */
    private static final String ISSUER_ID = "default";

    private static final long TOKEN_LIFETIME_SECONDS = 3600;

    /** The user names with fixed claims, in display order: {@code alice} (role admin) and {@code bob} (no roles). */
    public static final List<String> USERS = List.of("alice", "bob");

    private final MockOAuth2Server server;
    private final Path loginPage;
    private final int port;
    private final String issuer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DevProvider(MockOAuth2Server server, Path loginPage, int port) {
        this.server = server;
        this.loginPage = loginPage;
        this.port = port;
        this.issuer = "http://localhost:" + port + "/" + ISSUER_ID;
    }

    /** Starts the provider on 127.0.0.1 on a free port chosen by the system. */
    public static DevProvider start() {
        return start(0);
    }

    /**
     * Starts the provider on 127.0.0.1:{@code port}.
     *
     * @param port 1..65535, or 0 for a free port chosen by the system
     * @throws IllegalArgumentException if the port is out of range
     * @throws IllegalStateException if the port cannot be bound (for example, it is taken)
     */
    public static DevProvider start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Path loginPage = writeLoginPage();
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(
                true, // interactive login: the authorization endpoint shows the login form
                loginPage.toString(),
                null,
                false,
                // No initial keys: by default mock-oauth2-server signs with keys from a file in its jar, whose
                // private halves anyone can read; an empty list makes it generate a fresh RSA key per process.
                new OAuth2TokenProvider(new KeyProvider(List.of(), "RS256")),
                Set.of(userClaims()),
                new LoopbackHttpServer()));
        try {
            server.start(LoopbackHttpServer.LOOPBACK, port);
        } catch (RuntimeException e) {
            deleteQuietly(loginPage);
            throw new IllegalStateException("development provider cannot listen on 127.0.0.1:" + port, e);
        }
        DevProvider provider = new DevProvider(server, loginPage, server.getConfig().getHttpServer().port());
        LOG.warn("Development OpenID provider at {} - FOR DEVELOPMENT ONLY, never use it in production",
                provider.issuer);
        return provider;
    }

    /**
     * The claims per user name. mock-oauth2-server hands the name typed on the login page to this callback as
     * the match parameter {@code subject}; the first mapping that matches supplies every claim it adds to the ID
     * and access tokens, after {@code ${...}} templates are filled in ({@code ${subject}} = the typed name,
     * {@code ${client_id}} = the authenticated client). {@code sub} and {@code aud} are set here because the
     * library takes the access token's audience, and with a mapping also the subject, from these claims.
     */
    private static RequestMappingTokenCallback userClaims() {
        String subject = RequestMappingTokenCallback.SUBJECT_PARAM;
        return new RequestMappingTokenCallback(ISSUER_ID, List.of(
                // The client credentials grant (RFC 6749 §4.4): the client is the subject, and its own audience.
                new RequestMapping("grant_type", "client_credentials", Map.of(
                        "sub", "${client_id}",
                        "aud", "${client_id}",
                        "client_id", "${client_id}"), "JWT"),
                new RequestMapping(subject, "(?i)\\s*alice\\s*", Map.of(
                        "sub", "alice",
                        "aud", "${client_id}",
                        "name", "Alice Admin",
                        "email", "alice@example.com",
                        "groups", List.of("admin")), "JWT"),
                new RequestMapping(subject, "(?i)\\s*bob\\s*", Map.of(
                        "sub", "bob",
                        "aud", "${client_id}",
                        "name", "Bob Builder",
                        "email", "bob@example.com",
                        "groups", List.of()), "JWT"),
                // Anyone else: just the name; no groups, so never an admin.
                new RequestMapping(subject, "*", Map.of(
                        "sub", "${" + subject + "}",
                        "aud", "${client_id}",
                        "name", "${" + subject + "}"), "JWT")),
                TOKEN_LIFETIME_SECONDS);
    }

    /**
     * mock-oauth2-server takes a custom login page only as a file path (it reads the file on every request), so
     * the page shipped in this jar is copied to a temporary file that {@link #close()} deletes.
     */
    private static Path writeLoginPage() {
        try (InputStream in = DevProvider.class.getResourceAsStream("login.html")) {
            if (in == null) {
                throw new IllegalStateException("login.html is missing from the dev-provider jar");
            }
            Path file = Files.createTempFile("oidckit-dev-provider-login-", ".html");
            file.toFile().deleteOnExit(); // in case close() is never called
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the development provider's login page", e);
        }
    }

    /**
     * The issuer, exactly as the discovery document and the {@code iss} claim state it:
     * {@code http://localhost:PORT/default}. Discovery is at {@code issuer() + "/.well-known/openid-configuration"}.
     */
    public String issuer() {
        return issuer;
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * A few lines for a person starting an example app: where the provider is, that it is for development only,
     * and who to sign in as. No trailing newline.
     */
    public String describe() {
        return "Development OpenID provider (for development only): " + issuer + "\n"
                + "Sign in with one of these user names (no password):\n"
                + "  alice - role admin (Alice Admin, alice@example.com)\n"
                + "  bob   - no roles (Bob Builder, bob@example.com)\n"
                + "Any other name signs in too, with no roles.";
    }

    /** Stops listening and deletes the temporary login page. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown();
        } finally {
            deleteQuietly(loginPage);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}", file, e); // a temp file; deleteOnExit gets another try
        }
    }

    /**
     * Runs the provider alone until the process is stopped (Ctrl-C).
     * Usage: {@code java -cp ... io.oidckit.devprovider.DevProvider [port]}; without a port a free one is chosen.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        if (args.length > 0) {
            try {
                port = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                System.err.println("usage: DevProvider [port]  (port must be a number, was '" + args[0] + "')");
                System.exit(2);
            }
        }
        DevProvider provider = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(provider::close, "dev-provider-shutdown"));
        System.out.println(provider.describe());
        System.out.println("Discovery: " + provider.issuer() + "/.well-known/openid-configuration");
        new CountDownLatch(1).await(); // the shutdown hook does the cleanup when the JVM is stopped
    }
}
