package io.oidckit.internal.flows;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.ServiceTokens;
import io.oidckit.internal.bearer.BearerTokens;
import io.oidckit.internal.provider.ClientCredentials;
import io.oidckit.internal.Paths;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.sessions.PendingLogins;
import io.oidckit.internal.sessions.Revocations;
import io.oidckit.internal.sessions.Sessions;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.internal.sessions.Visit;
import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The relying party: sends each request to its flow (login, callback, logout), checks protected routes, and lets
 * everything else continue. Every protocol decision lives in the flows; this class only routes, and turns any
 * failure into the contract's answer, so the stage it returns never fails.
 */
final class Router implements RelyingParty {
    private final OidcConfig config;
    private final ProviderClient provider;
    private final String basePath;
    private final String loginPath;
    private final String logoutPath;
    private final String callbackPath;
    private final String backchannelPath;
    private final String frontchannelPath;
    private final ProviderLogoutFlow providerLogout;
    private final CookiePolicy cookiePolicy;
    private final Answers answers;
    private final Authorization authorization;
    private final LoginFlow login;
    private final CallbackFlow callback;
    private final LogoutFlow logout;
    private final Refresh refresh;
    private final BearerRoutes bearer;
    private final ServiceTokens serviceTokens;
    private final Sessions sessions;
    private final Clock clock;
    private final Revocations revocations;

    Router(OidcConfig config, Clock clock) {
        this.config = config;
        this.provider = new ProviderClient(config, clock);
        this.basePath = config.basePath();
        this.loginPath = basePath + "auth/login";
        this.logoutPath = basePath + "auth/logout";
        this.backchannelPath = basePath + "auth/backchannel-logout";
        this.frontchannelPath = basePath + "auth/frontchannel-logout";
        String cb = Paths.normalise(config.redirectUri().getRawPath());
        this.callbackPath = cb == null ? "/" : cb;
        this.cookiePolicy = new CookiePolicy("https".equalsIgnoreCase(config.redirectUri().getScheme()), true, "Lax", basePath);
        UserCodec users = new UserCodec();
        this.clock = clock;
        this.sessions = new Sessions(config, callbackPath, logoutPath);
        PendingLogins pending = sessions.pending();
        this.answers = new Answers(basePath);
        // Kept as long as a login they end can live; shared through the store when there is one.
        java.net.URI redis = config.redisUrl() == null ? null : java.net.URI.create(config.redisUrl().trim());
        Revocations revocations = new Revocations(clock, config.sessionMaxAge().toSeconds(),
                redis == null ? null : io.oidckit.ReplicaChannel.find(redis), redis, config.clientId() + "@" + config.authority());
        this.revocations = revocations;
        this.authorization = new Authorization(clock, users, answers, loginPath, revocations);
        this.providerLogout = new ProviderLogoutFlow(config, clock, provider, revocations);
        this.login = new LoginFlow(config, clock, provider, pending);
        IdTokenVerifier idTokens = new IdTokenVerifier(config, provider, clock);
        this.callback = new CallbackFlow(config, clock, provider, idTokens, pending, users, answers);
        this.refresh = new Refresh(config, clock, provider, idTokens, users, revocations.channel() == null ? null
                : new SharedRefresh(revocations.channel(), clock, config.responseTimeout(), config.connectTimeout()));
        this.logout = new LogoutFlow(config, clock, provider, logoutPath, users, revocations);
        this.bearer = new BearerRoutes(new BearerTokens(config, clock, provider), authorization, refresh);
        this.serviceTokens = new ClientCredentials(provider, clock);
    }

    @Override
    public io.oidckit.web.Health health() {
        return revocations.degraded()
                ? new io.oidckit.web.Health(io.oidckit.web.Health.Status.DEGRADED, java.util.List.of(io.oidckit.ErrorCode.REVOCATION_STORE_UNAVAILABLE.code() + " the replicas' "
                        + "store (OIDC_REDIS_URL) cannot be reached: logouts are applied on this replica only until it is back"))
                : new io.oidckit.web.Health(io.oidckit.web.Health.Status.UP, java.util.List.of());
    }

    @Override
    public ServiceTokens serviceTokens() {
        return serviceTokens;
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
        provider.prefetch();
    }

    @Override
    public CompletionStage<Outcome> handle(WebRequest request, WebSession session) {
        return handle(request, session, (Requirement) null);
    }

    @Override
    public CompletionStage<Outcome> handle(WebRequest request, WebSession session, Requirement routeRequirement) {
        return answer(request, session, visit -> route(request, visit, routeRequirement));
    }

    /**
     * The stage of {@code answer} for this request's state ({@link Sessions}), every failure turned into the
     * contract's answer (it never fails), and what changed in the core's cookies added to the outcome.
     */
    private CompletionStage<Outcome> answer(WebRequest request, WebSession session,
                                            java.util.function.Function<Visit, CompletionStage<Outcome>> answer) {
        Visit visit;
        try {
            visit = sessions.open(request, session, clock.millis() / 1000);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(answers.failure(e));
        }
        CompletionStage<Outcome> stage;
        try {
            stage = answer.apply(visit).exceptionally(answers::failure);
        } catch (RuntimeException e) {
            stage = CompletableFuture.completedFuture(answers.failure(e));
        }
        return stage.thenApply(outcome -> finish(visit, outcome));
    }

    private Outcome finish(Visit visit, Outcome outcome) {
        Outcome o = outcome;
        try {
            visit.finish();
        } catch (RuntimeException e) {
            o = answers.failure(e); // the login is refused; the used pending login is still cleared below
        }
        java.util.List<String> cookies = visit.setCookies();
        return cookies.isEmpty() ? o : o.withCookies(cookies);
    }

    @Override
    public CompletionStage<Void> warmUp() {
        sessions.warmUp(); // sealing and opening load JOSE and JCA classes: 100 ms and more on a cold JVM
        return handle(Scratch.request(loginPath), new Scratch()).handle((o, e) -> null);
    }

    private CompletionStage<Outcome> route(WebRequest request, Visit visit, Requirement routeRequirement) {
        WebSession session = visit.session();
        String path = Paths.normalise(request.path());
        if (path == null) return Answers.done(answers.page(400));
        String method = request.method().toUpperCase(Locale.ROOT);
        if (path.equals(callbackPath)) {
            return method.equals("GET") ? callback.callback(request, visit) : Answers.done(answers.page(400));
        }
        if (path.equals(loginPath)) {
            return method.equals("GET") || method.equals("HEAD") ? login.login(request, visit) : Answers.done(answers.page(400));
        }
        if (path.equals(backchannelPath)) return providerLogout.backchannel(request);
        if (path.equals(frontchannelPath)) return providerLogout.frontchannel(request, answers);
        if (path.equals(logoutPath)) {
            return method.equals("GET") || method.equals("POST") ? logout.logout(request, session) : Answers.done(answers.page(400));
        }
        if (logout.isReturn(path) && method.equals("GET") && request.rawQuery() != null) {
            Outcome back = logout.afterLogout(request, session);
            if (back != null) return Answers.done(back);
        }
        Requirement rule = rule(path);
        if (BearerRoutes.takes(rule, routeRequirement)) return bearer.authorize(request, session, rule, routeRequirement);
        // OIDC_KEEP_TOKENS: an access token at its end is refreshed first, so the app gets one it can use.
        CompletionStage<Refresh.Result> fresh = refresh.ifDue(session, rule != null || routeRequirement != null);
        if (fresh == null) return Answers.done(bySession(request, session, rule, routeRequirement));
        return fresh.thenApply(r -> Refresh.signedOutIf(r, bySession(request, session, rule, routeRequirement)));
    }

    /** The answer for a route judged by the session: the configured rule, then the route's own requirement. */
    private Outcome bySession(WebRequest request, WebSession session, Requirement rule, Requirement routeRequirement) {
        // The route's own requirement (an annotation) comes on top of the configured rule, never instead.
        if (rule != null) return authorization.authorize(request, session, rule, routeRequirement);
        return routeRequirement != null ? authorization.authorize(request, session, routeRequirement)
                : authorization.proceed(session);
    }

    /** The requirement of the first configured rule covering the normalised {@code path}, or {@code null}. */
    private Requirement rule(String path) {
        String relative = relative(path);
        if (relative == null) return null;
        for (AccessRule rule : config.accessRules()) {
            if (rule.matches(relative)) return rule.requirement();
        }
        return null;
    }

    /** The path below the base path, without leading slash; {@code null} when outside it. */
    private String relative(String path) {
        if (path.startsWith(basePath)) return path.substring(basePath.length());
        if ((path + "/").equals(basePath)) return "";
        return null;
    }

    @Override
    public CompletionStage<Outcome> authorize(WebRequest request, WebSession session, Requirement requirement) {
        // A route the configured rules open to bearer tokens is judged by the token here too, the way handle() judged it.
        return answer(request, session, visit -> {
            String path = Paths.normalise(request.path());
            Requirement rule = path == null ? null : rule(path);
            if (BearerRoutes.takes(rule, requirement)) return bearer.authorize(request, visit.session(), rule, requirement);
            CompletionStage<Refresh.Result> fresh = refresh.ifDue(visit.session(), true);
            if (fresh == null) return Answers.done(authorization.authorize(request, visit.session(), requirement));
            return fresh.thenApply(r -> Refresh.signedOutIf(r, authorization.authorize(request, visit.session(), requirement)));
        });
    }

    @Override
    public Optional<OidcUser> currentUser(WebSession session) {
        return authorization.currentUser(session);
    }
}
