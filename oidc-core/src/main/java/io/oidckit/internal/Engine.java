package io.oidckit.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.oidckit.AccessRule;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.OidcUser;
import io.oidckit.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The relying party: every protocol decision of docs/contract.md, for the auth routes and the protected ones.
 * Adapters hand it a request and a session view and render the {@link Outcome} it answers.
 */
public final class Engine implements RelyingParty {
    private static final System.Logger LOG = System.getLogger("io.oidckit");

    static final String USER_KEY = "oidckit.user";
    static final String ID_TOKEN_KEY = "oidckit.id_token";
    static final String PENDING_KEY = "oidckit.pending";
    /** The {@code state} of an RP-initiated logout in flight, and when it began: {@code "STATE TIME"}. */
    static final String LOGOUT_KEY = "oidckit.logout";
    private static final Set<String> CALLBACK_PARAMS = Set.of("code", "state", "iss", "error");
    private static final int MAX_CALLBACK_PARAM = 4096;
    private static final String JSON_401 = "{\"error\":\"unauthorized\"}";
    private static final String JSON_403 = "{\"error\":\"forbidden\"}";

    private final OidcConfig config;
    private final Clock clock;
    private final Provider provider;
    private final IdTokenVerifier verifier;
    private final UserCodec users = new UserCodec();
    private final String basePath;
    private final String loginPath;
    private final String logoutPath;
    private final String callbackPath;
    /** The path of OIDC_POST_LOGOUT_REDIRECT_URI when it is on this app's origin, else {@code null}. */
    private final String postLogoutPath;
    private final CookiePolicy cookiePolicy;
    private final Map<String, String> callbackRedirectHeaders;
    private final JWK clientKey;

    public Engine(OidcConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.provider = new Provider(config, new ProviderHttp(config), clock);
        this.verifier = new IdTokenVerifier(config, provider, clock);
        this.basePath = config.basePath();
        this.loginPath = basePath + "auth/login";
        this.logoutPath = basePath + "auth/logout";
        String cb = Paths.normalise(config.redirectUri().getRawPath());
        this.callbackPath = cb == null ? "/" : cb;
        URI after = config.postLogoutRedirectUri();
        URI cbUri = config.redirectUri();
        boolean sameOrigin = after.getScheme().equalsIgnoreCase(cbUri.getScheme())
                && after.getHost().equalsIgnoreCase(cbUri.getHost()) && after.getPort() == cbUri.getPort();
        this.postLogoutPath = sameOrigin ? Paths.normalise(after.getRawPath()) : null;
        boolean https = "https".equalsIgnoreCase(config.redirectUri().getScheme());
        this.cookiePolicy = new CookiePolicy(https, true, "Lax", basePath);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("Referrer-Policy", "no-referrer");
        this.callbackRedirectHeaders = Map.copyOf(h);
        this.clientKey = config.clientPrivateKeyJwk() == null ? null : Keys.parse(config.clientPrivateKeyJwk());
    }

    @Override
    public OidcConfig config() {
        return config;
    }

    @Override
    public CookiePolicy cookiePolicy() {
        return cookiePolicy;
    }

    @Override
    public String loginPath() {
        return loginPath;
    }

    @Override
    public String logoutPath() {
        return logoutPath;
    }

    @Override
    public String callbackPath() {
        return callbackPath;
    }

    @Override
    public void prefetch() {
        provider.metadata().exceptionally(e -> null);
    }

    @Override
    public CompletionStage<Outcome> handle(WebRequest request, WebSession session) {
        try {
            return route(request, session).exceptionally(this::failure);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private CompletionStage<Outcome> route(WebRequest request, WebSession session) {
        String path = Paths.normalise(request.path());
        if (path == null) return done(page(400));
        String method = request.method().toUpperCase(Locale.ROOT);
        if (path.equals(callbackPath)) {
            return method.equals("GET") ? callback(request, session) : done(page(400));
        }
        if (path.equals(loginPath)) {
            return method.equals("GET") || method.equals("HEAD") ? login(request, session) : done(page(400));
        }
        if (path.equals(logoutPath)) {
            return method.equals("GET") || method.equals("POST") ? logout(request, session) : done(page(400));
        }
        if (path.equals(postLogoutPath) && method.equals("GET") && request.rawQuery() != null) {
            Outcome back = afterLogout(request, session);
            if (back != null) return done(back);
        }
        String relative = relative(path);
        if (relative != null) {
            for (AccessRule rule : config.accessRules()) {
                if (rule.matches(relative)) return done(authorize(request, session, rule.requirement()));
            }
        }
        OidcUser user = currentUser(session).orElse(null);
        return done(new Outcome.Continue(user, user == null ? Map.of() : Pages.NO_STORE));
    }

    /** The path below the base path, without leading slash; {@code null} when outside it. */
    private String relative(String path) {
        if (path.startsWith(basePath)) return path.substring(basePath.length());
        if ((path + "/").equals(basePath)) return "";
        return null;
    }

    @Override
    public Outcome authorize(WebRequest request, WebSession session, Requirement requirement) {
        OidcUser user = currentUser(session).orElse(null);
        boolean json = requirement.api() || wantsJson(request);
        if (user == null) {
            if (json) return new Outcome.Json(401, JSON_401, Pages.SECURE);
            String method = request.method().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("HEAD")) return page(401);
            String target = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            return new Outcome.Redirect(loginPath + "?return_to=" + encode(target), Pages.NO_STORE);
        }
        if (!requirement.allows(user)) {
            return json ? new Outcome.Json(403, JSON_403, Pages.SECURE) : page(403);
        }
        return new Outcome.Continue(user, Pages.NO_STORE);
    }

    @Override
    public Optional<OidcUser> currentUser(WebSession session) {
        OidcUser user = users.read(session.get(USER_KEY));
        if (user != null && clock.millis() / 1000 >= user.expiresAt()) {
            session.remove(USER_KEY);
            session.remove(ID_TOKEN_KEY);
            return Optional.empty();
        }
        return Optional.ofNullable(user);
    }

    /** JSON when the client prefers it over HTML (q-values honoured), or when it says it is an XHR. */
    static boolean wantsJson(WebRequest request) {
        if ("XMLHttpRequest".equalsIgnoreCase(request.header("X-Requested-With"))) return true;
        String accept = request.header("Accept");
        if (accept == null) return false;
        double json = -1, html = -1;
        for (String part : accept.split(",")) {
            String[] bits = part.trim().split(";");
            String type = bits[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < bits.length; i++) {
                String b = bits[i].trim();
                if (b.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(b.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
                json = Math.max(json, q);
            } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            }
        }
        return json > 0 && json > html;
    }

    // ---------------------------------------------------------------- login

    private CompletionStage<Outcome> login(WebRequest request, WebSession session) {
        String wanted = new Query(request.rawQuery()).first("return_to");
        String returnTo = Paths.isSafeReturnTo(wanted) ? wanted : basePath;
        return provider.metadata().thenApply(info -> {
            long now = clock.millis() / 1000;
            PendingLogin pending = PendingLogin.begin(returnTo, now);
            List<PendingLogin> list = live(PendingLogin.read(session.get(PENDING_KEY)), now);
            list.add(pending);
            while (list.size() > config.maxPendingLogins()) list.remove(0); // the oldest goes first
            session.put(PENDING_KEY, PendingLogin.write(list));
            URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(config.scopes().toArray(String[]::new)),
                    new ClientID(config.clientId()), config.redirectUri())
                    .endpointURI(info.authorizationEndpoint())
                    .state(new State(pending.state()))
                    .nonce(new Nonce(pending.nonce()))
                    .codeChallenge(new CodeVerifier(pending.codeVerifier()), CodeChallengeMethod.S256)
                    .build()
                    .toURI();
            return new Outcome.Redirect(uri.toString(), Pages.NO_STORE);
        });
    }

    private List<PendingLogin> live(List<PendingLogin> list, long now) {
        long ttl = config.pendingLoginTtl().toSeconds();
        list.removeIf(p -> now - p.createdAt() >= ttl || p.createdAt() > now + 60);
        return list;
    }

    // ---------------------------------------------------------------- callback

    private CompletionStage<Outcome> callback(WebRequest request, WebSession session) {
        Query q = new Query(request.rawQuery());
        if (q.malformed()) return rejected(ErrorCode.CALLBACK_PARAMETER_INVALID, "the callback query is not valid URL encoding");
        for (String name : CALLBACK_PARAMS) {
            List<String> v = q.all(name);
            if (v.size() > 1 || (v.size() == 1 && v.get(0).length() > MAX_CALLBACK_PARAM)) {
                return rejected(ErrorCode.CALLBACK_PARAMETER_INVALID, "the callback parameter " + name + " is repeated or over 4 KiB");
            }
        }
        String state = q.first("state");
        if (state == null || state.isEmpty()) return rejected(ErrorCode.STATE_MISSING, "the callback has no state");

        long now = clock.millis() / 1000;
        List<PendingLogin> all = PendingLogin.read(session.get(PENDING_KEY));
        PendingLogin match = null;
        for (PendingLogin p : all) {
            if (IdTokenVerifier.constantTimeEquals(p.state(), state)) match = p;
        }
        if (match != null) {
            // Used once, whatever happens next: a replayed callback finds nothing.
            all.remove(match);
            List<PendingLogin> rest = live(all, now);
            if (rest.isEmpty()) session.remove(PENDING_KEY);
            else session.put(PENDING_KEY, PendingLogin.write(rest));
        }
        if (match == null) return rejected(ErrorCode.STATE_UNKNOWN, "no pending login matches the callback's state");
        if (now - match.createdAt() >= config.pendingLoginTtl().toSeconds()) {
            return rejected(ErrorCode.STATE_UNKNOWN, "the pending login expired before the callback");
        }
        PendingLogin pending = match;
        return provider.metadata().thenCompose(info -> {
            String iss = q.first("iss");
            // RFC 9207 §2.4: compare when sent; when the provider advertises it, it must be sent.
            if (iss != null ? !iss.equals(info.issuer()) : info.issParameterSupported()) {
                throw new OidcException(ErrorCode.ISSUER_MISMATCH, iss == null
                        ? "the provider advertises the iss parameter but the callback has none"
                        : "the callback's iss parameter names another issuer");
            }
            String error = q.first("error");
            if (error != null) {
                throw new OidcException(ErrorCode.AUTHORIZATION_ERROR, "the provider answered with error="
                        + LogText.clean(error) + " error_description=" + LogText.clean(q.first("error_description")));
            }
            String code = q.first("code");
            if (code == null || code.isEmpty()) throw new OidcException(ErrorCode.CODE_MISSING, "the callback has no code");
            return exchange(info, code, pending)
                    .thenCompose(tokens -> verifier.verify(tokens.getIDTokenString(), info, pending.nonce())
                            .thenCompose(claims -> userInfo(info, tokens, claims))
                            .thenApply(claims -> signIn(session, claims, tokens.getIDTokenString(), pending.returnTo())));
        });
    }

    private CompletionStage<OIDCTokens> exchange(ProviderInfo info, String code, PendingLogin pending) {
        HTTPRequest http = new TokenRequest(info.tokenEndpoint(), clientAuthentication(info),
                new AuthorizationCodeGrant(new AuthorizationCode(code), config.redirectUri(),
                        new CodeVerifier(pending.codeVerifier())), null).toHTTPRequest();
        return provider.http().postForm(http.getURI(), http.getHeaderMap(), http.getBody()).thenApply(answer -> {
            int s = answer.status();
            if (s == 502 || s == 503 || s == 504) {
                throw new OidcException(ErrorCode.PROVIDER_UNREACHABLE, "the token endpoint answered " + s);
            }
            TokenResponse response;
            try {
                HTTPResponse r = new HTTPResponse(s);
                if (!answer.contentType().isEmpty()) r.setHeader("Content-Type", answer.contentType());
                r.setBody(answer.body());
                response = OIDCTokenResponseParser.parse(r);
            } catch (com.nimbusds.oauth2.sdk.ParseException | RuntimeException e) {
                String type = s == 200 ? tokenType(answer.body()) : "Bearer";
                if (!"bearer".equalsIgnoreCase(type)) {
                    throw new OidcException(ErrorCode.TOKEN_TYPE_UNSUPPORTED, "the token endpoint answered token_type="
                            + LogText.clean(type) + "; only Bearer is supported");
                }
                throw new OidcException(ErrorCode.RESPONSE_MALFORMED, "the token endpoint's answer (HTTP " + s
                        + ") is not a valid token response");
            }
            if (!response.indicatesSuccess()) {
                ErrorObject e = response.toErrorResponse().getErrorObject();
                throw new OidcException(ErrorCode.TOKEN_ERROR, "the token endpoint answered error="
                        + LogText.clean(e.getCode()) + " error_description=" + LogText.clean(e.getDescription()));
            }
            if (!(response.toSuccessResponse() instanceof OIDCTokenResponse ok) || ok.getOIDCTokens().getIDTokenString() == null) {
                throw new OidcException(ErrorCode.RESPONSE_MALFORMED, "the token endpoint's answer has no id_token");
            }
            // RFC 6749 §7.1: a DPoP- or MAC-bound token used as a bearer token fails later, or leaks; refuse it now.
            AccessTokenType type = ok.getOIDCTokens().getAccessToken().getType();
            if (!AccessTokenType.BEARER.equals(type)) {
                throw new OidcException(ErrorCode.TOKEN_TYPE_UNSUPPORTED, "the token endpoint answered token_type="
                        + LogText.clean(String.valueOf(type)) + "; only Bearer is supported");
            }
            return ok.getOIDCTokens();
        });
    }

    /** The token_type of a success answer the SDK could not parse (it knows only Bearer and DPoP); "Bearer" if unreadable. */
    private static String tokenType(String body) {
        try {
            Object t = Json.parseObject(body).get("token_type");
            return t == null ? null : t instanceof String str ? str : t.toString();
        } catch (java.text.ParseException | RuntimeException e) {
            return "Bearer";
        }
    }

    private ClientAuthentication clientAuthentication(ProviderInfo info) {
        ClientID id = new ClientID(config.clientId());
        try {
            return switch (config.clientAuthMethod()) {
                case CLIENT_SECRET_BASIC -> new ClientSecretBasic(id, new Secret(config.clientSecret()));
                case CLIENT_SECRET_POST -> new ClientSecretPost(id, new Secret(config.clientSecret()));
                case PRIVATE_KEY_JWT -> clientKey instanceof ECKey ec
                        ? new PrivateKeyJWT(id, info.tokenEndpoint(), alg(ec, JWSAlgorithm.ES256), ec.toECPrivateKey(), ec.getKeyID(), null)
                        : new PrivateKeyJWT(id, info.tokenEndpoint(), alg(clientKey, JWSAlgorithm.RS256),
                        ((RSAKey) clientKey).toRSAPrivateKey(), clientKey.getKeyID(), null);
            };
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new OidcException(ErrorCode.CONFIG_MALFORMED, "OIDC_CLIENT_PRIVATE_KEY cannot sign a client assertion");
        }
    }

    private static JWSAlgorithm alg(JWK key, JWSAlgorithm fallback) {
        return key.getAlgorithm() != null ? JWSAlgorithm.parse(key.getAlgorithm().getName()) : fallback;
    }

    /** The ID token's claims, merged with UserInfo's when configured (OpenID Connect Core 1.0 §5.3). */
    private CompletionStage<Map<String, Object>> userInfo(ProviderInfo info, OIDCTokens tokens, JWTClaimsSet idClaims) {
        Map<String, Object> claims = new HashMap<>(idClaims.getClaims());
        if (!config.callsUserInfo() || info.userInfoEndpoint() == null) return CompletableFuture.completedFuture(claims);
        URI url = info.userInfoEndpoint();
        return provider.http().get(url, "application/json", "Bearer " + tokens.getAccessToken().getValue()).thenApply(answer -> {
            Provider.checkAnswer(answer, url, ErrorCode.USERINFO_ERROR);
            Map<String, Object> fetched;
            try {
                fetched = Json.parseObject(answer.body());
            } catch (java.text.ParseException | RuntimeException e) {
                throw new OidcException(ErrorCode.USERINFO_ERROR, "the UserInfo answer from " + url + " is not a JSON object"
                        + (answer.contentType().startsWith("application/jwt") ? " (signed UserInfo is not supported)" : ""));
            }
            Claims.check(fetched, Claims.USERINFO_TYPES, ErrorCode.USERINFO_CLAIM_INVALID, "UserInfo answer");
            // §5.3.2: the sub must be the ID token's, or the answer may belong to someone else (token substitution).
            if (!idClaims.getSubject().equals(fetched.get("sub"))) {
                throw new OidcException(ErrorCode.USERINFO_SUBJECT_MISMATCH, "the UserInfo sub differs from the ID token's sub");
            }
            fetched.forEach(claims::putIfAbsent);
            return claims;
        });
    }

    private Outcome signIn(WebSession session, Map<String, Object> claims, String idToken, String returnTo) {
        long now = clock.millis() / 1000;
        OidcUser user = new OidcUser((String) claims.get("sub"), str(claims.get("name")), str(claims.get("email")),
                str(claims.get("preferred_username")), Roles.from(claims, config.rolesClaim()), now,
                now + config.sessionMaxAge().toSeconds());
        // A fresh session id at login, so an id planted before login is worthless afterwards (session fixation).
        session.renewId();
        session.put(USER_KEY, users.write(user));
        session.put(ID_TOKEN_KEY, idToken);
        LOG.log(System.Logger.Level.INFO, "login completed for sub=" + LogText.clean(user.subject()));
        return new Outcome.Redirect(returnTo, callbackRedirectHeaders);
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }

    // ---------------------------------------------------------------- logout

    private CompletionStage<Outcome> logout(WebRequest request, WebSession session) {
        if ("cross-site".equalsIgnoreCase(request.header("Sec-Fetch-Site"))) {
            // Another site cannot log the user out behind their back; a click on our own page can.
            return done(Pages.logoutConfirm(logoutPath, basePath));
        }
        String idToken = session.get(ID_TOKEN_KEY);
        boolean wasSignedIn = session.get(USER_KEY) != null;
        session.invalidate();
        Outcome home = new Outcome.Redirect(basePath, Pages.NO_STORE);
        if (!wasSignedIn) return done(home);
        return provider.metadata().handle((info, failure) -> {
            if (failure != null || info.endSessionEndpoint() == null) return home;
            // RP-Initiated Logout 1.0 §2-3: a state of our own, checked when the provider sends the browser back.
            String state = PendingLogin.random();
            session.put(LOGOUT_KEY, state + " " + clock.millis() / 1000);
            com.nimbusds.jwt.JWT hint = null;
            try {
                hint = idToken == null ? null : JWTParser.parse(idToken);
            } catch (java.text.ParseException e) {
                // An unreadable stored token only loses the hint; logout still proceeds.
            }
            URI uri = new LogoutRequest(info.endSessionEndpoint(), hint, null, new ClientID(config.clientId()),
                    config.postLogoutRedirectUri(), new State(state), null).toURI();
            return new Outcome.Redirect(uri.toString(), Pages.NO_STORE);
        });
    }

    /**
     * The provider's way back after logout. With this browser's logout {@code state}: the logout record goes and
     * the browser lands on the clean base path. With any other state, or none, {@code null}: the page is shown as
     * any visit would be, with nothing learned from the query.
     */
    private Outcome afterLogout(WebRequest request, WebSession session) {
        String stored = session.get(LOGOUT_KEY);
        if (stored == null) return null;
        String state = new Query(request.rawQuery()).first("state");
        int space = stored.indexOf(' ');
        if (state == null || space < 0) return null;
        long started;
        try {
            started = Long.parseLong(stored.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (clock.millis() / 1000 - started >= config.pendingLoginTtl().toSeconds()
                || !IdTokenVerifier.constantTimeEquals(stored.substring(0, space), state)) {
            return null;
        }
        session.invalidate();
        return new Outcome.Redirect(basePath, Pages.NO_STORE);
    }

    // ---------------------------------------------------------------- answers

    private Outcome page(int status) {
        return Pages.error(status, basePath);
    }

    private static CompletionStage<Outcome> done(Outcome o) {
        return CompletableFuture.completedFuture(o);
    }

    private CompletionStage<Outcome> rejected(ErrorCode code, String why) {
        return done(failure(new OidcException(code, why)));
    }

    private Outcome failure(Throwable thrown) {
        Throwable t = ProviderHttp.unwrap(thrown);
        if (t instanceof OidcException e && e.status() > 0) {
            LOG.log(e.status() >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO, e.getMessage());
            return page(e.status());
        }
        // A bug of ours must still not become a 500 with a stack trace in the browser; the log has it.
        LOG.log(System.Logger.Level.ERROR, "OIDC303 unexpected failure while talking to the provider", t);
        return page(502);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
