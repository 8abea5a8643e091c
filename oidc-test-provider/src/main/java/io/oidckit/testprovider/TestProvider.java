package io.oidckit.testprovider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * An OpenID Provider that runs inside the test JVM and speaks real HTTP on {@code 127.0.0.1}.
 *
 * <p>By default it behaves like a correct, strict provider for the authorization code flow with PKCE
 * (OpenID Connect Core 1.0 §3.1, RFC 6749 §4.1, RFC 7636) and a single confidential client
 * {@link #CLIENT_ID}/{@link #CLIENT_SECRET}. Every knob that makes it misbehave is a fluent method, is
 * thread-safe, and is undone by {@link #reset()}, so one provider can be shared by a test class:
 *
 * <pre>{@code
 * try (TestProvider op = TestProvider.start()) {
 *     op.forgeIdToken((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims).audience("someone-else").build()));
 *     // drive the relying party against op.issuer() and assert that it rejects the login
 * }
 * }</pre>
 *
 * <p>The login is non-interactive: {@code /authorize} immediately redirects back with a code for the user
 * chosen by {@link #loginAs(String)}.
 */
public final class TestProvider implements AutoCloseable {

    /** The client id of the one registered client. */
    public static final String CLIENT_ID = "test-client";
    /** Its secret; 33 bytes, so it is also long enough to be an HS256 key (RFC 7518 §3.2). */
    public static final String CLIENT_SECRET = "test-secret-0123456789-0123456789";

    /** Lifetime of ID tokens and access tokens, in seconds. */
    static final long TOKEN_LIFETIME_SECONDS = 300;
    /** The audience of the access tokens this provider issues for the app's own API ({@link #accessToken}). */
    public static final String API_AUDIENCE = "test-api";
    /** RFC 6749 §4.1.2 recommends at most 10 minutes for authorization codes. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** How long {@link #up()} keeps trying to re-bind the port. */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(5);
    /** Request bodies beyond this are not read; a token request is a few hundred bytes. */
    private static final int MAX_BODY = 1 << 20;

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** RFC 7636 §4.1: code_verifier = 43*128unreserved. */
    private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Keys(RSAKey rsa, ECKey ec) {}

    /** A fixed answer: {@code chunked} omits Content-Length; {@code trickle} sends the body a byte at a time. */
    private record Canned(int status, String contentType, byte[] body, Map<String, String> headers, boolean chunked,
                          Duration trickle) {}

    /** The sid of each user's latest login. */
    private final Map<String, String> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private record CodeGrant(String clientId, String redirectUri, String nonce, String codeChallenge, String sub,
                             String scope, Instant authTime, Instant expires, String sid) {}

    private record TokenGrant(String sub, String scope, Instant expires) {}

    /** A refresh token: whose, for which scope, of which login ({@code sid}, auth time), in which rotation family. */
    private record RefreshGrant(String sub, String scope, String sid, Instant authTime, String family) {}

    private record Request(String method, Map<String, List<String>> query, Map<String, List<String>> form,
                           boolean isForm, String authorization) {}

    // --- lifecycle -------------------------------------------------------------------------------------------
    private final Object lifecycle = new Object();
    private final int port;
    private final String issuer;
    private final ExecutorService executor;
    private HttpServer server; // guarded by lifecycle; null while down()
    private volatile boolean closed;
    /**
     * Bumped whenever the listener stops. A stalled exchange compares it after waking up and drops the
     * connection instead of answering, so that close()/down() look to the client like a dead server.
     */
    private volatile int generation;

    // --- configuration (survives reset() unless said otherwise) -------------------------------------------------
    private final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    private volatile JWK clientPublicKey;
    private volatile Keys keys;
    private volatile String loginAs;
    private volatile ClientAuthenticationMethod clientAuthMethod;
    private volatile JWSAlgorithm signingAlgorithm;

    // --- misbehaviour (cleared by reset()) ----------------------------------------------------------------------
    private volatile IdTokenForger forger;
    private volatile UnaryOperator<Map<String, Object>> discoveryEdit;
    private volatile UnaryOperator<Map<String, Object>> userInfoEdit;
    private volatile List<Map<String, Object>> extraJwks;
    private volatile String authorizationResponseIss;
    private final Map<Endpoint, Canned> canned = new ConcurrentHashMap<>();
    private final Map<Endpoint, Duration> stalls = new ConcurrentHashMap<>();
    private volatile CountDownLatch stallRelease = new CountDownLatch(1);

    // --- protocol state --------------------------------------------------------------------------------------
    private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();
    private final Map<String, TokenGrant> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** The refresh tokens that may still be used; a rotated one moves to {@link #spentRefreshTokens}. */
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> spentRefreshTokens = new ConcurrentHashMap<>();
    /** The families whose refresh tokens were revoked, or replayed after rotation (RFC 9700 §4.14.2). */
    private final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refreshGrants = new AtomicInteger();
    private final List<String> revokedByClient = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Duration accessTokenLifetime = Duration.ofSeconds(TOKEN_LIFETIME_SECONDS);
    private volatile boolean rotateRefreshTokens = true;
    private volatile UnaryOperator<JWTClaimsSet.Builder> refreshIdTokenEdit;
    private volatile UnaryOperator<Map<String, Object>> introspectionEdit;
    private final Set<String> seenAssertionIds = ConcurrentHashMap.newKeySet();

    // --- observation -----------------------------------------------------------------------------------------
    private final Map<Endpoint, AtomicInteger> callCounts = new EnumMap<>(Endpoint.class);
    private volatile Map<String, String> lastAuthorizationRequest;
    private volatile Map<String, String> lastTokenRequest;
    private volatile String lastTokenRequestAuthorization;
    private volatile Map<String, String> lastEndSessionRequest;

    private TestProvider(int port) {
        this.port = port;
        this.issuer = "http://127.0.0.1:" + port;
        for (Endpoint e : Endpoint.values()) {
            callCounts.put(e, new AtomicInteger());
        }
        AtomicInteger threads = new AtomicInteger();
        // A cached pool: every exchange gets its own thread, so a stalled endpoint never blocks another one.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "oidc-test-provider-" + port + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.keys = generateKeys();
        restoreDefaults();
    }

    /**
     * Starts a provider on {@code 127.0.0.1} and an ephemeral port, with the default client, the users
     * {@code alice} and {@code bob}, and fresh keys.
     */
    public static TestProvider start() {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
        TestProvider p = new TestProvider(s.getAddress().getPort());
        synchronized (p.lifecycle) {
            p.listen(s);
        }
        return p;
    }

    private void listen(HttpServer s) {
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
    }

    /** The issuer identifier, {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String issuer() {
        return issuer;
    }

    /** The port; it stays the same across {@link #down()} and {@link #up()}. */
    public int port() {
        return port;
    }

    /** {@code issuer() + path}, for example {@code uri(Endpoint.TOKEN.path())}. */
    public URI uri(String path) {
        return URI.create(issuer + path);
    }

    /**
     * Stops the server, releases the port and ends every stalled exchange at once (the client sees the
     * connection close). Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopListening();
            executor.shutdownNow();
        }
    }

    private void stopListening() {
        generation++;
        releaseStalls();
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    // --- clients -----------------------------------------------------------------------------------------------

    /**
     * The one client authentication method the token endpoint accepts for {@link #CLIENT_ID} (RFC 6749 §2.3,
     * OpenID Connect Core 1.0 §9): {@code client_secret_basic} (default), {@code client_secret_post} or
     * {@code private_key_jwt}. A request that uses another method, or more than one, gets 401 invalid_client.
     */
    public TestProvider clientAuthMethod(ClientAuthenticationMethod m) {
        if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(m)
                && !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(m)
                && !ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(m)) {
            throw new IllegalArgumentException("unsupported client authentication method: " + m);
        }
        this.clientAuthMethod = m;
        return this;
    }

    /**
     * Registers the client's public key (RSA or EC) for {@code private_key_jwt}. Survives {@link #reset()},
     * like any client registration.
     */
    public TestProvider clientPublicKey(JWK publicKey) {
        if (!(publicKey instanceof RSAKey) && !(publicKey instanceof ECKey)) {
            throw new IllegalArgumentException("private_key_jwt needs an RSA or EC key");
        }
        this.clientPublicKey = publicKey.toPublicJWK();
        return this;
    }

    // --- users -------------------------------------------------------------------------------------------------

    /**
     * Adds or replaces a user. The claims go into the ID token and the UserInfo response; {@code sub} and the
     * protocol claims ({@code iss}, {@code aud}, ...) cannot be overridden this way.
     */
    public TestProvider user(String sub, Map<String, Object> claims) {
        if (sub == null || sub.isEmpty()) {
            throw new IllegalArgumentException("sub must not be empty");
        }
        users.put(sub, Collections.unmodifiableMap(new LinkedHashMap<>(claims)));
        return this;
    }

    /** The user the next {@code /authorize} request logs in, without any interaction; must be registered. */
    public TestProvider loginAs(String sub) {
        if (!users.containsKey(sub)) {
            throw new IllegalArgumentException("unknown user: " + sub + " (register it with user(sub, claims))");
        }
        this.loginAs = sub;
        return this;
    }

    // --- keys --------------------------------------------------------------------------------------------------

    /** The current RSA signing key, private part included; kid set, {@code use=sig}, {@code alg=RS256}. */
    public RSAKey signingKey() {
        return keys.rsa();
    }

    /** The current EC P-256 signing key, private part included; kid set, {@code alg=ES256}. */
    public ECKey ecSigningKey() {
        return keys.ec();
    }

    /** Which key signs ID tokens: {@code RS256} (default, the only one Core §15.1 requires) or {@code ES256}. */
    public TestProvider signingAlgorithm(JWSAlgorithm alg) {
        if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
            throw new IllegalArgumentException("only RS256 and ES256 are supported, not " + alg);
        }
        this.signingAlgorithm = alg;
        return this;
    }

    /**
     * Replaces both signing keys with new ones under new kids; the old keys vanish from the JWKS at once
     * (Core §10.1.1 describes the graceful variant; the abrupt one is the harder test for a relying party's
     * JWKS cache).
     */
    public TestProvider rotateKeys() {
        this.keys = generateKeys();
        return this;
    }

    /**
     * JSON objects appended verbatim to the JWKS {@code keys} array, after the real keys: keys of unknown
     * type, with {@code use=enc}, with missing members, duplicates of a real kid, and so on.
     */
    public TestProvider extraJwks(List<Map<String, Object>> rawKeys) {
        List<Map<String, Object>> copy = new ArrayList<>();
        for (Map<String, Object> k : rawKeys) {
            copy.add(new LinkedHashMap<>(k));
        }
        this.extraJwks = Collections.unmodifiableList(copy);
        return this;
    }

    /** Signs claims the way the provider signs ID tokens: current algorithm and key, header {@code kid} and {@code typ=JWT}. */
    public String sign(JWTClaimsSet claims) {
        JWSAlgorithm alg = signingAlgorithm;
        Keys k = keys;
        JWK key = JWSAlgorithm.ES256.equals(alg) ? k.ec() : k.rsa();
        JWSHeader header = new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        return sign(header, claims, key);
    }

    /**
     * Signs with an arbitrary header and key: an RSA or EC private key, or an {@code OctetSequenceKey} for
     * the HS algorithms (for example {@link #CLIENT_SECRET}, to forge the classic alg-confusion token).
     */
    public String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
        try {
            JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key, header.getAlgorithm());
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with " + header.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The claims of an ID token the provider would issue now (Core §2): {@code iss}, {@code sub},
     * {@code aud=[CLIENT_ID]}, {@code exp=now+300s}, {@code iat=now}, {@code auth_time=now}, {@code nonce}
     * (omitted when null) and the user's claims. The token endpoint additionally sets {@code at_hash}.
     */
    public JWTClaimsSet.Builder idTokenClaims(String sub, String nonce) {
        return claimsFor(sub, nonce, Instant.now());
    }

    private JWTClaimsSet.Builder claimsFor(String sub, String nonce, Instant authTime) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        users.getOrDefault(sub, Map.of()).forEach(b::claim);
        b.issuer(issuer)
                .subject(sub)
                .audience(List.of(CLIENT_ID))
                .expirationTime(Date.from(now.plusSeconds(TOKEN_LIFETIME_SECONDS)))
                .issueTime(Date.from(now))
                .claim("auth_time", authTime.getEpochSecond());
        if (nonce != null) {
            b.claim("nonce", nonce);
        }
        return b;
    }

    // --- misbehaviour ------------------------------------------------------------------------------------------

    /**
     * The claims of a JWT access token (RFC 9068 §2.2) this provider would issue now for {@code sub}: {@code iss},
     * {@code sub}, {@code aud=[API_AUDIENCE]}, {@code exp=now+300s}, {@code iat=now}, {@code jti},
     * {@code client_id}, {@code scope} (omitted when null) and the user's claims.
     */
    public JWTClaimsSet.Builder accessTokenClaims(String sub, String scope) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        users.getOrDefault(sub, Map.of()).forEach(b::claim);
        b.issuer(issuer).subject(sub).audience(List.of(API_AUDIENCE))
                .expirationTime(Date.from(now.plusSeconds(TOKEN_LIFETIME_SECONDS))).issueTime(Date.from(now))
                .jwtID(randomToken()).claim("client_id", CLIENT_ID);
        if (scope != null) b.claim("scope", scope);
        return b;
    }

    /** {@code claims} as a JWT access token: typed {@code at+jwt}, signed with the current key and algorithm. */
    public String accessToken(JWTClaimsSet claims) {
        return signTyped("at+jwt", claims);
    }

    /** {@code claims} signed with the current key and algorithm, the header typed {@code typ}. */
    private String signTyped(String typ, JWTClaimsSet claims) {
        JWSAlgorithm alg = signingAlgorithm;
        Keys k = keys;
        JWK key = JWSAlgorithm.ES256.equals(alg) ? k.ec() : k.rsa();
        return sign(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(new JOSEObjectType(typ)).build(), claims, key);
    }

    /** An opaque access token of {@code sub} granted {@code scope}, which the introspection endpoint knows. */
    public String opaqueToken(String sub, String scope) {
        String token = randomToken();
        accessTokens.put(token, new TokenGrant(sub, scope, Instant.now().plusSeconds(TOKEN_LIFETIME_SECONDS)));
        return token;
    }

    /** The sid of {@code sub}'s latest login here (the provider session its ID token names), or {@code null}. */
    public String sid(String sub) {
        return sessions.get(sub);
    }

    /**
     * The claims of a logout token (Back-Channel Logout 1.0 §2.4) this provider would send now: {@code iss},
     * {@code aud=[CLIENT_ID]}, {@code iat=now}, a fresh {@code jti}, the back-channel logout {@code events} member,
     * and {@code sub} and {@code sid} when not null.
     */
    public JWTClaimsSet.Builder logoutTokenClaims(String sub, String sid) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).audience(List.of(CLIENT_ID))
                .issueTime(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS))).jwtID(randomToken())
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        if (sub != null) b.subject(sub);
        if (sid != null) b.claim("sid", sid);
        return b;
    }

    /** {@code claims} as a logout token: typed {@code logout+jwt} (§2.4), signed with the current key and algorithm. */
    public String logoutToken(JWTClaimsSet claims) {
        return signTyped("logout+jwt", claims);
    }

    /** The lifetime of the access tokens issued from now on (code and refresh grants); 300 s after {@link #reset()}. */
    public TestProvider accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /** Whether a refresh issues a new refresh token and spends the old one (on after {@link #reset()}). */
    public TestProvider rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
        return this;
    }

    /**
     * Edits the claims of the ID token each refresh answer carries ({@code null} from {@code edit}: no ID token in
     * the answer); for hostile cases, say another {@code sub}.
     */
    public TestProvider refreshIdToken(UnaryOperator<JWTClaimsSet.Builder> edit) {
        this.refreshIdTokenEdit = edit;
        return this;
    }

    /** Ends every refresh token of {@code sub}, as an administrator's sign-out does: the next refresh is {@code invalid_grant}. */
    public TestProvider revokeRefreshTokens(String sub) {
        refreshTokens.values().stream().filter(g -> g.sub().equals(sub)).forEach(g -> revokeFamily(g.family()));
        return this;
    }

    /** Refresh-token grants received since the last {@link #reset()}, answered or refused. */
    public int refreshGrants() {
        return refreshGrants.get();
    }

    /** The tokens the client revoked at the revocation endpoint (RFC 7009) since the last {@link #reset()}. */
    public List<String> revokedByClient() {
        return List.copyOf(revokedByClient);
    }

    /** The {@code sub} of an access token this provider issued and that is still active, or {@code null}. */
    public String activeAccessToken(String token) {
        TokenGrant g = token == null ? null : accessTokens.get(token);
        return g == null || Instant.now().isAfter(g.expires()) || revoked.contains(token) ? null : g.sub();
    }

    /** From now on the introspection endpoint answers {@code active: false} for {@code token}. */
    public TestProvider revoke(String token) {
        revoked.add(token);
        return this;
    }

    /** The introspection endpoint answers {@code edit.apply(answer)} instead; reset by {@link #reset()}. */
    public TestProvider introspection(UnaryOperator<Map<String, Object>> edit) {
        this.introspectionEdit = edit;
        return this;
    }

    /** The token endpoint returns {@code forger.forge(defaultClaims, this)} as {@code id_token}. */
    public TestProvider forgeIdToken(IdTokenForger forger) {
        this.forger = forger;
        return this;
    }

    /** Edits the discovery document (a mutable map) before it is served; the returned map is served. */
    public TestProvider discovery(UnaryOperator<Map<String, Object>> edit) {
        this.discoveryEdit = edit;
        return this;
    }

    /**
     * The endpoint answers exactly this, whatever the request (after counting and recording it, and after
     * any stall). {@code contentType} null sends no Content-Type; {@code body} null sends no body.
     */
    public TestProvider respond(Endpoint e, int status, String contentType, String body) {
        return respond(e, status, contentType, body, Map.of());
    }

    /** Like {@link #respond(Endpoint, int, String, String)} with extra headers, for example a {@code Location}. */
    public TestProvider respond(Endpoint e, int status, String contentType, String body, Map<String, String> headers) {
        canned.put(e, new Canned(status, contentType, bytes(body), Map.copyOf(headers), false, null));
        return this;
    }

    /** The endpoint answers this with chunked transfer encoding: no Content-Length announces the size. */
    public TestProvider respondChunked(Endpoint e, int status, String contentType, String body) {
        canned.put(e, new Canned(status, contentType, bytes(body), Map.of(), true, null));
        return this;
    }

    /**
     * The endpoint sends its status and headers at once, then the body one byte per {@code interval}: a
     * provider whose answer starts but never finishes in time. Released by {@link #reset()} and {@link #close()}.
     */
    public TestProvider trickle(Endpoint e, int status, String contentType, String body, Duration interval) {
        canned.put(e, new Canned(status, contentType, bytes(body), Map.of(), true, interval));
        return this;
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The endpoint waits {@code d} before it answers. The wait is bounded by {@code d} and ends early at
     * {@link #reset()} (then the endpoint answers normally) or at {@link #close()}/{@link #down()} (then the
     * connection is dropped without an answer). {@link Duration#ZERO} removes the stall.
     */
    public TestProvider stall(Endpoint e, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative stall: " + d);
        }
        if (d.isZero()) {
            stalls.remove(e);
        } else {
            stalls.put(e, d);
        }
        return this;
    }

    /** Edits the UserInfo JSON (a mutable map) before it is served, for example to change {@code sub} (Core §5.3.2). */
    public TestProvider userInfo(UnaryOperator<Map<String, Object>> edit) {
        this.userInfoEdit = edit;
        return this;
    }

    /**
     * The value of the {@code iss} parameter of the authorization response (RFC 9207 §2), in success and error
     * responses alike; default {@link #issuer()}; null omits the parameter.
     */
    public TestProvider authorizationResponseIss(String issOrNull) {
        this.authorizationResponseIss = issOrNull;
        return this;
    }

    /** Stops listening, so connections are refused, but keeps the port for {@link #up()}. Idempotent. */
    public TestProvider down() {
        synchronized (lifecycle) {
            stopListening();
        }
        return this;
    }

    /**
     * Listens again on the same port. Retries the bind for a few seconds, since the port can linger briefly
     * after {@link #down()}. Idempotent.
     *
     * @throws UncheckedIOException if the port stays taken
     * @throws IllegalStateException after {@link #close()}
     */
    public TestProvider up() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("provider is closed");
            }
            if (server != null) {
                return this;
            }
            long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
            while (true) {
                try {
                    listen(HttpServer.create(new InetSocketAddress(LOOPBACK, port), 0));
                    return this;
                } catch (BindException e) {
                    if (System.nanoTime() > deadline) {
                        throw new UncheckedIOException("port " + port + " stays taken", e);
                    }
                    sleep(50);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /**
     * Turns every misbehaviour off and brings the provider back to its start state: no forger, discovery and
     * UserInfo edits, canned responses, stalls (stalled exchanges are released) or extra JWKS entries; the
     * {@code iss} response parameter back to the issuer; listening (as after {@link #up()}); counters and
     * recorded requests cleared; {@code loginAs("alice")}, RS256, {@code client_secret_basic}; the users
     * {@code alice} and {@code bob} restored to their default claims. Keys, other users and the client's
     * public key stay.
     */
    public TestProvider reset() {
        restoreDefaults();
        synchronized (lifecycle) {
            if (!closed && server == null) {
                up();
            }
        }
        return this;
    }

    private void restoreDefaults() {
        forger = null;
        discoveryEdit = null;
        userInfoEdit = null;
        introspectionEdit = null;
        revoked.clear();
        refreshTokens.clear();
        spentRefreshTokens.clear();
        revokedFamilies.clear();
        refreshGrants.set(0);
        revokedByClient.clear();
        accessTokenLifetime = Duration.ofSeconds(TOKEN_LIFETIME_SECONDS);
        rotateRefreshTokens = true;
        refreshIdTokenEdit = null;
        extraJwks = List.of();
        authorizationResponseIss = issuer;
        canned.clear();
        stalls.clear();
        releaseStalls();
        callCounts.values().forEach(c -> c.set(0));
        lastAuthorizationRequest = Map.of();
        lastTokenRequest = Map.of();
        lastTokenRequestAuthorization = null;
        lastEndSessionRequest = Map.of();
        user("alice", Map.of("name", "Alice Admin", "email", "alice@example.com", "groups", List.of("admin")));
        user("bob", Map.of("name", "Bob Builder", "email", "bob@example.com", "groups", List.of()));
        loginAs = "alice";
        signingAlgorithm = JWSAlgorithm.RS256;
        clientAuthMethod = ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
    }

    private void releaseStalls() {
        CountDownLatch old = stallRelease;
        stallRelease = new CountDownLatch(1);
        old.countDown();
    }

    // --- observation -------------------------------------------------------------------------------------------

    /** Requests received by the endpoint since start or the last {@link #reset()}, whatever they were answered. */
    public int calls(Endpoint e) {
        return callCounts.get(e).get();
    }

    /** The query parameters of the last {@code /authorize} request (first value of each), or an empty map. */
    public Map<String, String> lastAuthorizationRequest() {
        return lastAuthorizationRequest;
    }

    /** The form parameters of the last {@code /token} request (first value of each), or an empty map. */
    public Map<String, String> lastTokenRequest() {
        return lastTokenRequest;
    }

    /** The Authorization header of the last {@code /token} request, or null. */
    public String lastTokenRequestAuthorization() {
        return lastTokenRequestAuthorization;
    }

    /** The query and form parameters of the last end-session ({@code /logout}) request, or an empty map. */
    public Map<String, String> lastEndSessionRequest() {
        return lastEndSessionRequest;
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        try {
            dispatch(ex);
        } catch (Exception | AssertionError e) {
            // A broken handler, or a forger that throws (test code, so assertions too), must still answer.
            try {
                sendOAuthError(ex, 500, "server_error", e.toString(), Map.of());
            } catch (IOException | RuntimeException ignored) {
                // headers already sent or connection gone: nothing left to tell the client
            }
        } finally {
            ex.close();
        }
    }

    private void dispatch(HttpExchange ex) throws Exception {
        Endpoint e = Endpoint.forPath(ex.getRequestURI().getRawPath());
        if (e == null) {
            send(ex, 404, TEXT, "not found".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        callCounts.get(e).incrementAndGet();
        Request req = read(ex);
        record(e, req);
        if (!stallIfAsked(e)) {
            return; // closing the exchange without a response drops the connection
        }
        Canned c = canned.get(e);
        if (c != null) {
            if (c.chunked()) {
                sendChunked(ex, c);
            } else {
                send(ex, c.status(), c.contentType(), c.body(), c.headers());
            }
            return;
        }
        switch (e) {
            case DISCOVERY -> discoveryEndpoint(ex, req);
            case JWKS -> jwksEndpoint(ex, req);
            case AUTHORIZE -> authorizeEndpoint(ex, req);
            case TOKEN -> tokenEndpoint(ex, req);
            case USERINFO -> userInfoEndpoint(ex, req);
            case END_SESSION -> endSessionEndpoint(ex, req);
            case INTROSPECT -> introspectionEndpoint(ex, req);
            case REVOCATION -> revocationEndpoint(ex, req);
        }
    }

    private static Request read(HttpExchange ex) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        boolean isForm = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY);
        Map<String, List<String>> form = isForm ? Forms.parse(new String(body, StandardCharsets.UTF_8)) : Map.of();
        return new Request(ex.getRequestMethod(), Forms.parse(ex.getRequestURI().getRawQuery()), form, isForm,
                ex.getRequestHeaders().getFirst("Authorization"));
    }

    private void record(Endpoint e, Request req) {
        switch (e) {
            case AUTHORIZE -> lastAuthorizationRequest = Forms.firstValues(req.query());
            case TOKEN -> {
                lastTokenRequest = Forms.firstValues(req.form());
                lastTokenRequestAuthorization = req.authorization();
            }
            case END_SESSION -> lastEndSessionRequest = Forms.firstValues(merged(req));
            default -> { }
        }
    }

    /** @return false if the provider went down or closed meanwhile and the exchange must be dropped */
    private boolean stallIfAsked(Endpoint e) throws InterruptedException {
        Duration d = stalls.get(e);
        if (d == null) {
            return true;
        }
        int gen = generation;
        stallRelease.await(d.toNanos(), TimeUnit.NANOSECONDS);
        return !closed && gen == generation;
    }

    private void discoveryEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!"GET".equals(req.method())) {
            sendMethodNotAllowed(ex, "GET");
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + Endpoint.AUTHORIZE.path());
        m.put("token_endpoint", issuer + Endpoint.TOKEN.path());
        m.put("userinfo_endpoint", issuer + Endpoint.USERINFO.path());
        m.put("jwks_uri", issuer + Endpoint.JWKS.path());
        m.put("end_session_endpoint", issuer + Endpoint.END_SESSION.path());
        m.put("introspection_endpoint", issuer + Endpoint.INTROSPECT.path());
        m.put("revocation_endpoint", issuer + Endpoint.REVOCATION.path());
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        m.put("token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        m.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "ES256"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("scopes_supported", List.of("openid", "profile", "email", "groups", "offline_access"));
        m.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
                "name", "email", "groups"));
        m.put("authorization_response_iss_parameter_supported", true);
        UnaryOperator<Map<String, Object>> edit = discoveryEdit;
        sendJson(ex, 200, edit == null ? m : orEmpty(edit.apply(m)), Map.of());
    }

    private void jwksEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!"GET".equals(req.method())) {
            sendMethodNotAllowed(ex, "GET");
            return;
        }
        Keys k = keys;
        Map<String, Object> set = new JWKSet(List.of(k.rsa().toPublicJWK(), k.ec().toPublicJWK())).toJSONObject(true);
        List<Object> all = new ArrayList<>((List<?>) set.get("keys"));
        all.addAll(extraJwks);
        sendJson(ex, 200, Map.of("keys", all), Map.of());
    }

    /** RFC 6749 §4.1.1/§4.1.2, Core §3.1.2.1, RFC 7636 §4.3, RFC 9207 §2. */
    private void authorizeEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!"GET".equals(req.method())) {
            sendMethodNotAllowed(ex, "GET");
            return;
        }
        Map<String, List<String>> q = req.query();
        String clientId = first(q, "client_id");
        String redirectUri = first(q, "redirect_uri");
        // RFC 6749 §4.1.2.1: with a bad client or redirect URI the provider MUST NOT redirect.
        if (!CLIENT_ID.equals(clientId) || count(q, "client_id") > 1) {
            send(ex, 400, TEXT, "invalid client_id".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        if (!acceptableRedirect(redirectUri) || count(q, "redirect_uri") > 1) {
            send(ex, 400, TEXT, "invalid redirect_uri".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        String state = first(q, "state");
        String error = null;
        String description = null;
        String repeated = Forms.repeated(q);
        String responseType = first(q, "response_type");
        String scope = first(q, "scope");
        String challenge = first(q, "code_challenge");
        if (repeated != null) {
            error = "invalid_request";
            description = "parameter given more than once: " + repeated;
        } else if (responseType == null) {
            error = "invalid_request";
            description = "response_type missing";
        } else if (!"code".equals(responseType)) {
            error = "unsupported_response_type";
            description = "only response_type=code is supported";
        } else if (state == null || state.isEmpty()) {
            // Not required by RFC 6749, but every correct relying party sends it (CSRF, §10.12).
            error = "invalid_request";
            description = "state missing";
        } else if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
            error = "invalid_scope";
            description = "scope must contain openid";
        } else if (challenge == null || challenge.isEmpty()) {
            error = "invalid_request";
            description = "code_challenge missing (PKCE is required)";
        } else if (!"S256".equals(first(q, "code_challenge_method"))) {
            error = "invalid_request";
            description = "code_challenge_method must be S256";
        }
        Map<String, String> answer = new LinkedHashMap<>();
        if (error != null) {
            answer.put("error", error);
            answer.put("error_description", description);
        } else {
            String code = randomToken();
            Instant now = Instant.now();
            // Each login is a provider session of its own, named by the sid of its ID token (Back-Channel Logout §2.1).
            String sid = randomToken();
            sessions.put(loginAs, sid);
            codes.put(code, new CodeGrant(clientId, redirectUri, first(q, "nonce"), challenge, loginAs, scope,
                    now, now.plus(CODE_LIFETIME), sid));
            answer.put("code", code);
        }
        answer.put("state", state);
        answer.put("iss", authorizationResponseIss);
        sendRedirect(ex, Forms.appendQuery(redirectUri, answer));
    }

    /** RFC 6749 §4.1.3/§4.1.4/§5, Core §3.1.3, RFC 7636 §4.5/§4.6. */
    private void tokenEndpoint(HttpExchange ex, Request req) throws Exception {
        // RFC 6749 §5.1: token responses, including errors, must not be cached.
        Map<String, String> noStore = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");
        if (!"POST".equals(req.method())) {
            sendMethodNotAllowed(ex, "POST");
            return;
        }
        if (!req.isForm()) {
            sendOAuthError(ex, 400, "invalid_request", "body must be application/x-www-form-urlencoded", noStore);
            return;
        }
        Map<String, List<String>> f = req.form();
        String repeated = Forms.repeated(f);
        if (repeated != null) {
            sendOAuthError(ex, 400, "invalid_request", "parameter given more than once: " + repeated, noStore);
            return;
        }
        String authError = authenticateClient(req);
        if (authError != null) {
            Map<String, String> h = new LinkedHashMap<>(noStore);
            // RFC 6749 §5.2: 401 with a challenge for the scheme the client used or should use.
            if (req.authorization() != null
                    || ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(clientAuthMethod)) {
                h.put("WWW-Authenticate", "Basic realm=\"oidc-test-provider\"");
            }
            sendOAuthError(ex, 401, "invalid_client", authError, h);
            return;
        }
        String grantType = first(f, "grant_type");
        if (grantType == null) {
            sendOAuthError(ex, 400, "invalid_request", "grant_type missing", noStore);
            return;
        }
        if ("client_credentials".equals(grantType)) {
            clientCredentials(ex, f, noStore);
            return;
        }
        if ("refresh_token".equals(grantType)) {
            refresh(ex, f, noStore);
            return;
        }
        if (!"authorization_code".equals(grantType)) {
            sendOAuthError(ex, 400, "unsupported_grant_type", "only authorization_code, refresh_token and client_credentials", noStore);
            return;
        }
        String code = first(f, "code");
        // remove(): the code is spent by its first use, right or wrong (RFC 6749 §4.1.2 "MUST NOT use more than once").
        CodeGrant grant = code == null ? null : codes.remove(code);
        String grantError = null;
        if (grant == null) {
            grantError = "unknown or already used code";
        } else if (Instant.now().isAfter(grant.expires())) {
            grantError = "code expired";
        } else if (!CLIENT_ID.equals(grant.clientId())) {
            grantError = "code was issued to another client";
        } else if (!grant.redirectUri().equals(first(f, "redirect_uri"))) {
            grantError = "redirect_uri differs from the authorization request";
        } else if (!pkceMatches(first(f, "code_verifier"), grant.codeChallenge())) {
            grantError = "code_verifier does not match code_challenge";
        }
        if (grantError != null) {
            sendOAuthError(ex, 400, "invalid_grant", grantError, noStore);
            return;
        }
        long lifetime = accessTokenLifetime.toSeconds();
        String accessToken = randomToken();
        accessTokens.put(accessToken, new TokenGrant(grant.sub(), grant.scope(), Instant.now().plusSeconds(lifetime)));
        JWTClaimsSet claims = claimsFor(grant.sub(), grant.nonce(), grant.authTime()).claim("sid", grant.sid())
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(accessToken), signingAlgorithm).getValue())
                .build();
        IdTokenForger f0 = forger;
        String idToken = f0 == null ? sign(claims) : f0.forge(claims, this);
        // Like Keycloak, a refresh token with every login; offline_access changes only what the provider keeps.
        String refreshToken = randomToken();
        refreshTokens.put(refreshToken, new RefreshGrant(grant.sub(), grant.scope(), grant.sid(), grant.authTime(), randomToken()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime);
        body.put("refresh_token", refreshToken);
        body.put("id_token", idToken);
        body.put("scope", grant.scope());
        sendJson(ex, 200, body, noStore);
    }

    /**
     * RFC 6749 §6 and OpenID Connect Core 1.0 §12: a new access token and, with rotation on, a new refresh token,
     * the old one spent; a spent one used again revokes its whole family (RFC 9700 §4.14.2). The answer carries an
     * ID token of the same login (§12.2: same {@code iss}, {@code sub}, {@code sid}, {@code auth_time}, no nonce).
     */
    private void refresh(HttpExchange ex, Map<String, List<String>> f, Map<String, String> noStore) throws Exception {
        refreshGrants.incrementAndGet();
        String presented = first(f, "refresh_token");
        RefreshGrant g = presented == null ? null : refreshTokens.get(presented);
        if (g == null) {
            RefreshGrant spent = presented == null ? null : spentRefreshTokens.get(presented);
            if (spent != null) revokeFamily(spent.family());
            sendOAuthError(ex, 400, "invalid_grant", spent != null ? "refresh token already used (rotated): family revoked"
                    : "unknown refresh token", noStore);
            return;
        }
        if (revokedFamilies.contains(g.family())) {
            sendOAuthError(ex, 400, "invalid_grant", "refresh token revoked", noStore);
            return;
        }
        String scope = first(f, "scope") == null ? g.scope() : first(f, "scope");
        if (!List.of(g.scope().split(" ")).containsAll(List.of(scope.split(" ")))) {
            sendOAuthError(ex, 400, "invalid_scope", "a refresh cannot widen the scope", noStore);
            return;
        }
        long lifetime = accessTokenLifetime.toSeconds();
        String accessToken = randomToken();
        accessTokens.put(accessToken, new TokenGrant(g.sub(), scope, Instant.now().plusSeconds(lifetime)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime);
        if (rotateRefreshTokens) {
            refreshTokens.remove(presented);
            spentRefreshTokens.put(presented, g);
            String next = randomToken();
            refreshTokens.put(next, g);
            body.put("refresh_token", next);
        }
        JWTClaimsSet.Builder claims = claimsFor(g.sub(), null, g.authTime()).claim("sid", g.sid())
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(accessToken), signingAlgorithm).getValue());
        UnaryOperator<JWTClaimsSet.Builder> edit = refreshIdTokenEdit;
        if (edit != null) claims = edit.apply(claims);
        if (claims != null) body.put("id_token", sign(claims.build()));
        body.put("scope", scope);
        sendJson(ex, 200, body, noStore);
    }

    private void revokeFamily(String family) {
        revokedFamilies.add(family);
    }

    /** Whether {@code req} is a POST of the authenticated client; if not, answered here (405, or 401 invalid_client). */
    private boolean clientPost(HttpExchange ex, Request req) throws IOException {
        if (!"POST".equals(req.method())) {
            sendMethodNotAllowed(ex, "POST");
            return false;
        }
        String authError = authenticateClient(req);
        if (authError != null) {
            sendOAuthError(ex, 401, "invalid_client", authError, Map.of("WWW-Authenticate", "Basic realm=\"oidc-test-provider\""));
            return false;
        }
        return true;
    }

    /** RFC 7009 §2: the client revokes one of its tokens; the answer is 200 whether the token was known or not. */
    private void revocationEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!clientPost(ex, req)) return;
        String token = first(req.form(), "token");
        if (token == null) {
            sendOAuthError(ex, 400, "invalid_request", "token missing", Map.of());
            return;
        }
        revokedByClient.add(token);
        RefreshGrant g = refreshTokens.get(token);
        if (g != null) revokeFamily(g.family()); // §2.1: revoking a refresh token may revoke its access tokens too
        else revoked.add(token);
        send(ex, 200, JSON, new byte[0], Map.of("Cache-Control", "no-store"));
    }

    /** RFC 6749 §4.4: the client's own JWT access token, for {@code resource} (RFC 8707) or {@link #API_AUDIENCE}. */
    private void clientCredentials(HttpExchange ex, Map<String, List<String>> f, Map<String, String> noStore) throws IOException {
        String scope = first(f, "scope") == null ? "api.read" : first(f, "scope");
        JWTClaimsSet claims = accessTokenClaims(CLIENT_ID, scope)
                .audience(first(f, "resource") == null ? API_AUDIENCE : first(f, "resource")).build();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken(claims));
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME_SECONDS);
        body.put("scope", scope);
        sendJson(ex, 200, body, noStore);
    }

    /** RFC 7662 §2: the known opaque tokens are active until they expire or are revoked; anything else is not. */
    private void introspectionEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!clientPost(ex, req)) return;
        String token = first(req.form(), "token");
        TokenGrant g = token == null ? null : accessTokens.get(token);
        Map<String, Object> m = new LinkedHashMap<>();
        if (g == null || Instant.now().isAfter(g.expires()) || revoked.contains(token)) {
            m.put("active", false);
        } else {
            users.getOrDefault(g.sub(), Map.of()).forEach(m::put);
            m.put("active", true);
            m.put("sub", g.sub());
            m.put("scope", g.scope());
            m.put("client_id", CLIENT_ID);
            m.put("token_type", "Bearer");
            m.put("exp", g.expires().getEpochSecond());
            m.put("iat", g.expires().minusSeconds(TOKEN_LIFETIME_SECONDS).getEpochSecond());
            m.put("iss", issuer);
            m.put("aud", API_AUDIENCE);
        }
        UnaryOperator<Map<String, Object>> edit = introspectionEdit;
        sendJson(ex, 200, edit == null ? m : orEmpty(edit.apply(m)), Map.of("Cache-Control", "no-store"));
    }

    /** @return null if the client authenticated with the configured method, else why not */
    private String authenticateClient(Request req) {
        Map<String, List<String>> f = req.form();
        String authz = req.authorization();
        boolean basic = authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6);
        boolean post = f.containsKey("client_secret");
        boolean jwt = f.containsKey("client_assertion") || f.containsKey("client_assertion_type");
        // RFC 6749 §2.3: the client MUST NOT use more than one authentication method per request.
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1) {
            return "more than one client authentication method";
        }
        String bodyClientId = first(f, "client_id");
        if (bodyClientId != null && !CLIENT_ID.equals(bodyClientId)) {
            return "unknown client_id";
        }
        ClientAuthenticationMethod m = clientAuthMethod;
        if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(m)) {
            if (!basic) {
                return "client_secret_basic required";
            }
            return checkBasic(authz.substring(6).trim());
        }
        if (ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(m)) {
            if (!post || authz != null) {
                return "client_secret_post required";
            }
            if (!CLIENT_ID.equals(bodyClientId)) {
                return "client_id missing";
            }
            return constantTimeEquals(CLIENT_SECRET, first(f, "client_secret")) ? null : "wrong client_secret";
        }
        if (!jwt || authz != null) {
            return "private_key_jwt required";
        }
        return checkAssertion(first(f, "client_assertion_type"), first(f, "client_assertion"));
    }

    /** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined with ':' and base64-encoded. */
    private static String checkBasic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "Basic credentials are not base64";
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return "Basic credentials have no ':'";
        }
        String id = Forms.decode(decoded.substring(0, colon));
        String secret = Forms.decode(decoded.substring(colon + 1));
        if (!CLIENT_ID.equals(id)) {
            return "unknown client_id";
        }
        return constantTimeEquals(CLIENT_SECRET, secret) ? null : "wrong client_secret";
    }

    /** Core §9 (private_key_jwt) and RFC 7523 §3. */
    private String checkAssertion(String type, String assertion) {
        if (!JWT_BEARER.equals(type)) {
            return "client_assertion_type must be " + JWT_BEARER;
        }
        if (assertion == null) {
            return "client_assertion missing";
        }
        JWK key = clientPublicKey;
        if (key == null) {
            return "no public key registered for private_key_jwt";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(assertion);
            Key publicKey = key instanceof RSAKey r ? r.toRSAPublicKey() : ((ECKey) key).toECPublicKey();
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), publicKey);
            if (!jwt.verify(verifier)) {
                return "client_assertion signature invalid";
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            if (!CLIENT_ID.equals(c.getIssuer()) || !CLIENT_ID.equals(c.getSubject())) {
                return "client_assertion iss and sub must be the client_id";
            }
            List<String> aud = c.getAudience();
            if (!aud.contains(issuer + Endpoint.TOKEN.path()) && !aud.contains(issuer)) {
                return "client_assertion aud must contain the token endpoint URL or the issuer";
            }
            if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(Instant.now())) {
                return "client_assertion expired or without exp";
            }
            // Core §9: jti is REQUIRED and lets the provider refuse a replayed assertion.
            if (c.getJWTID() == null || !seenAssertionIds.add(c.getJWTID())) {
                return "client_assertion jti missing or replayed";
            }
            return null;
        } catch (ParseException e) {
            return "client_assertion is not a signed JWT: " + e.getMessage();
        } catch (JOSEException e) {
            return "client_assertion cannot be verified with the registered key: " + e.getMessage();
        }
    }

    /** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
    private static boolean pkceMatches(String verifier, String challenge) {
        if (verifier == null || !CODE_VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return constantTimeEquals(Base64URL.encode(hash).toString(), challenge);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Core §5.3, RFC 6750 §2.1/§3.1. */
    private void userInfoEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!"GET".equals(req.method()) && !"POST".equals(req.method())) {
            sendMethodNotAllowed(ex, "GET, POST");
            return;
        }
        String authz = req.authorization();
        if (authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
            send(ex, 401, null, new byte[0], Map.of("WWW-Authenticate", "Bearer realm=\"oidc-test-provider\""));
            return;
        }
        TokenGrant g = accessTokens.get(authz.substring(7).trim());
        if (g == null || Instant.now().isAfter(g.expires())) {
            send(ex, 401, null, new byte[0], Map.of("WWW-Authenticate",
                    "Bearer realm=\"oidc-test-provider\", error=\"invalid_token\""));
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", g.sub());
        users.getOrDefault(g.sub(), Map.of()).forEach(m::putIfAbsent);
        UnaryOperator<Map<String, Object>> edit = userInfoEdit;
        sendJson(ex, 200, edit == null ? m : orEmpty(edit.apply(m)), Map.of("Cache-Control", "no-store"));
    }

    /** OpenID Connect RP-Initiated Logout 1.0 §2 and §3. */
    private void endSessionEndpoint(HttpExchange ex, Request req) throws IOException {
        if (!"GET".equals(req.method()) && !"POST".equals(req.method())) {
            sendMethodNotAllowed(ex, "GET, POST");
            return;
        }
        Map<String, List<String>> p = merged(req);
        String clientId = first(p, "client_id");
        if (clientId != null && !CLIENT_ID.equals(clientId)) {
            send(ex, 400, TEXT, "unknown client_id".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        String target = first(p, "post_logout_redirect_uri");
        if (target == null) {
            send(ex, 200, TEXT, "logged out".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        // §2: the URI must be registered; the default client registers every loopback URI.
        if (!acceptableRedirect(target)) {
            send(ex, 400, TEXT, "invalid post_logout_redirect_uri".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        Map<String, String> back = new LinkedHashMap<>();
        back.put("state", first(p, "state"));
        sendRedirect(ex, Forms.appendQuery(target, back));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** The default client's registration: any loopback http URI with an explicit port and no fragment. */
    private static boolean acceptableRedirect(String uri) {
        if (uri == null || uri.indexOf('#') >= 0
                || !(uri.startsWith("http://127.0.0.1:") || uri.startsWith("http://localhost:"))) {
            return false;
        }
        try {
            URI u = URI.create(uri);
            return u.getPort() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, List<String>> merged(Request req) {
        Map<String, List<String>> m = new LinkedHashMap<>(req.query());
        req.form().forEach((k, v) -> m.merge(k, v, (a, b) -> {
            List<String> l = new ArrayList<>(a);
            l.addAll(b);
            return l;
        }));
        return m;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int count(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null ? 0 : v.size();
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Keys generateKeys() {
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("rsa-" + randomToken().substring(0, 12)).generate();
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("ec-" + randomToken().substring(0, 12)).generate();
            return new Keys(rsa, ec);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate keys", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sendRedirect(HttpExchange ex, String location) throws IOException {
        send(ex, 302, null, new byte[0], Map.of("Location", location, "Cache-Control", "no-store"));
    }

    private static void sendMethodNotAllowed(HttpExchange ex, String allow) throws IOException {
        send(ex, 405, TEXT, "method not allowed".getBytes(StandardCharsets.UTF_8), Map.of("Allow", allow));
    }

    private static void sendOAuthError(HttpExchange ex, int status, String error, String description,
                                       Map<String, String> headers) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        sendJson(ex, status, body, headers);
    }

    private void sendChunked(HttpExchange ex, Canned c) throws IOException, InterruptedException {
        if (c.contentType() != null) ex.getResponseHeaders().set("Content-Type", c.contentType());
        ex.getResponseHeaders().set("Connection", "close");
        ex.sendResponseHeaders(c.status(), 0); // 0: chunked, no Content-Length
        CountDownLatch release = stallRelease;
        try (OutputStream os = ex.getResponseBody()) {
            if (c.trickle() == null) {
                os.write(c.body());
                return;
            }
            for (byte b : c.body()) {
                os.write(b);
                os.flush();
                if (release.await(c.trickle().toNanos(), TimeUnit.NANOSECONDS)) return; // reset() or close()
            }
        }
    }

    private static void sendJson(HttpExchange ex, int status, Map<String, ?> body, Map<String, String> headers)
            throws IOException {
        send(ex, status, JSON, JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body,
                             Map<String, String> headers) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        headers.forEach(ex.getResponseHeaders()::set);
        // One exchange per connection: java.net.http.HttpClient never reuses a connection that the provider has
        // meanwhile dropped (down(), close(), idle timeout), which would otherwise surface as flaky IOExceptions.
        ex.getResponseHeaders().set("Connection", "close");
        boolean noBody = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
