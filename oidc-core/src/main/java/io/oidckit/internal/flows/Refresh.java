package io.oidckit.internal.flows;

import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.OidcUser;
import io.oidckit.internal.Async;
import io.oidckit.internal.Json;
import io.oidckit.internal.LogText;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.provider.RefreshedTokens;
import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.WebSession;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code OIDC_KEEP_TOKENS}: the session's access token renewed with its refresh token (RFC 6749 §6, OpenID Connect
 * Core 1.0 §12) before a request that finds it at its end goes on, so the app always gets a token it can use.
 *
 * <p>One refresh per refresh token at a time on this replica: requests that find the same token due wait for the
 * one call ({@link #inFlight}). Its answer is kept for {@link #REUSE_SECONDS} under the old refresh token
 * ({@link #recent}), so a request that still carries the old one (a second browser tab in cookie mode, a request
 * that read the session before the first one wrote it) gets the new tokens instead of spending a rotated token,
 * which a provider with reuse detection answers by revoking them all. With a {@link RefreshShare} the replicas do
 * the same among themselves.
 *
 * <p>What a failed refresh does: {@code invalid_grant} (OIDC801) or a refreshed ID token that fails §12.2 (OIDC802)
 * ends the session; anything else (the provider down, slow or answering wrongly) keeps it, with the old token, until
 * {@code OIDC_REFRESH_GRACE} past the token's expiry, then protected routes answer 503 (OIDC803). A failed attempt is
 * not repeated for {@code OIDC_RETRY_BACKOFF}, so a provider that is down is not called on every request.
 */
final class Refresh {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    /** How long a refresh's answer is handed to requests that still carry the refresh token it replaced. */
    static final long REUSE_SECONDS = 60;
    private static final int LIMIT = 10_000;

    /** What a refresh did to the session. */
    enum Result { REFRESHED, KEPT, ENDED }

    private record Recent(RefreshedTokens tokens, long until) {
    }

    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final IdTokenVerifier verifier;
    private final UserCodec users;
    private final RefreshShare share;
    private final Map<String, CompletableFuture<RefreshedTokens>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final Map<String, Long> failedUntil = new ConcurrentHashMap<>();

    Refresh(OidcConfig config, Clock clock, ProviderClient provider, IdTokenVerifier verifier, UserCodec users,
            RefreshShare share) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.verifier = verifier;
        this.users = users;
        this.share = share;
    }

    /** {@code o}, saying the session ended when the refresh ended it (the adapter then forgets its user). */
    static io.oidckit.web.Outcome signedOutIf(Result r, io.oidckit.web.Outcome o) {
        return r == Result.ENDED ? o.with(io.oidckit.web.SessionChange.SIGNED_OUT) : o;
    }

    /** What the session keeps beside the user to refresh it: the refresh token, and the login's nonce and auth_time. */
    static String stored(String refreshToken, String nonce, long authTime) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("r", refreshToken);
        if (nonce != null) m.put("n", nonce);
        if (authTime > 0) m.put("t", authTime);
        return Json.write(m);
    }

    /**
     * The stage of this session's refresh when its user's access token is due, else {@code null} (the usual case:
     * one comparison, no I/O). {@code needsToken}: the route is protected, so past the grace it is a 503.
     */
    CompletionStage<Result> ifDue(WebSession session, boolean needsToken) {
        if (!config.keepTokens()) return null;
        OidcUser user = users.read(session.get(SessionKeys.USER));
        long now = clock.millis() / 1000;
        if (user == null || user.accessToken() == null || !due(user, now)) return null;
        return refresh(session, user, needsToken, now);
    }

    /** Within the clock skew of its expiry, or half its lifetime when that is shorter (a 60 s token is not refreshed on every request). */
    private boolean due(OidcUser user, long now) {
        long exp = user.accessTokenExpiresAt();
        if (exp <= 0) return false; // the provider gave no expires_in: valid as long as the session
        long margin = Math.min(config.clockSkew().toSeconds(), Math.max(1, (exp - user.accessTokenIssuedAt()) / 2));
        return now >= exp - margin;
    }

    private CompletionStage<Result> refresh(WebSession session, OidcUser user, boolean needsToken, long now) {
        Map<String, Object> kept = parse(session.get(SessionKeys.REFRESH));
        String rt = kept == null ? null : Json.string(kept, "r");
        if (rt == null) {
            // Nothing to refresh with: the session lives as long as its access token (item 5 of the lifecycle).
            if (now < user.accessTokenExpiresAt()) return CompletableFuture.completedFuture(Result.KEPT);
            LOG.log(System.Logger.Level.INFO, "OIDC801 the access token of sub=" + LogText.clean(user.subject())
                    + " expired and there is no refresh token: the session ends");
            return CompletableFuture.completedFuture(end(session));
        }
        Long retry = failedUntil.get(rt);
        if (retry != null && clock.millis() < retry) return CompletableFuture.completedFuture(stale(user, needsToken, now));
        Recent known = recent.get(rt);
        CompletableFuture<RefreshedTokens> call;
        if (known != null && known.until > now && !due(withTokens(user, known.tokens, now), now)) {
            call = CompletableFuture.completedFuture(known.tokens);
        } else {
            CompletableFuture<RefreshedTokens> mine = new CompletableFuture<>();
            CompletableFuture<RefreshedTokens> theirs = inFlight.putIfAbsent(rt, mine);
            // Started outside the map's own locking: a call that fails at once (the provider down) completes here.
            call = theirs != null ? theirs : start(rt, user, kept, mine);
        }
        return call.handle((tokens, failure) -> {
            if (failure == null) {
                session.put(SessionKeys.USER, users.write(withTokens(user, tokens, clock.millis() / 1000)));
                if (tokens.refreshToken() != null) {
                    session.put(SessionKeys.REFRESH, stored(tokens.refreshToken(), Json.string(kept, "n"), Json.number(kept, "t")));
                }
                return Result.REFRESHED;
            }
            Throwable t = Async.unwrap(failure);
            if (t instanceof OidcException e && (e.code() == ErrorCode.REFRESH_REFUSED || e.code() == ErrorCode.REFRESH_ID_TOKEN_INVALID)) {
                LOG.log(System.Logger.Level.INFO, e.getMessage() + " (sub=" + LogText.clean(user.subject()) + ")");
                return end(session);
            }
            if (failedUntil.size() >= LIMIT) failedUntil.clear();
            failedUntil.put(rt, clock.millis() + config.retryBackoff().toMillis());
            LOG.log(System.Logger.Level.WARNING, "OIDC803 the access token of sub=" + LogText.clean(user.subject())
                    + " could not be refreshed (" + (t instanceof OidcException ? t.getMessage() : t.toString())
                    + "); the session is kept until OIDC_REFRESH_GRACE past its expiry");
            return stale(user, needsToken, clock.millis() / 1000);
        });
    }

    /** The one call for {@code rt}: through the replicas' share when there is one; remembered for late comers. */
    private CompletableFuture<RefreshedTokens> start(String rt, OidcUser user, Map<String, Object> kept,
                                                     CompletableFuture<RefreshedTokens> f) {
        CompletionStage<RefreshedTokens> call;
        try {
            call = share == null ? call(rt, user, kept) : share.once(rt, () -> call(rt, user, kept));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((tokens, failure) -> {
            // The answer is kept before the call leaves the map, so no request finds neither and spends rt again.
            if (tokens != null) {
                if (recent.size() >= LIMIT) recent.values().removeIf(r -> r.until <= clock.millis() / 1000);
                if (recent.size() < LIMIT) recent.put(rt, new Recent(tokens, clock.millis() / 1000 + REUSE_SECONDS));
                failedUntil.remove(rt);
            }
            inFlight.remove(rt, f);
        }).whenComplete((tokens, failure) -> {
            if (failure != null) f.completeExceptionally(failure);
            else f.complete(tokens);
        });
        return f;
    }

    private CompletionStage<RefreshedTokens> call(String rt, OidcUser user, Map<String, Object> kept) {
        return provider.metadata().thenCompose(info -> provider.refresh(info, rt).thenCompose(tokens -> tokens.idToken() == null
                ? CompletableFuture.completedFuture(tokens)
                : verifier.verifyRefreshed(tokens.idToken(), info.issuer(), user.subject(), Json.string(kept, "n"),
                        Json.number(kept, "t")).thenApply(claims -> tokens)));
    }

    private static OidcUser withTokens(OidcUser user, RefreshedTokens t, long now) {
        Set<String> scopes = t.scopes() != null ? t.scopes() : user.scopes();
        return user.withAccessToken(t.accessToken(), now, t.lifetime() > 0 ? now + t.lifetime() : 0, scopes);
    }

    /** Refresh failed for a reason that may pass: the old token is kept until the grace is over. */
    private Result stale(OidcUser user, boolean needsToken, long now) {
        if (!needsToken || now < user.accessTokenExpiresAt() + config.refreshGrace().toSeconds()) return Result.KEPT;
        throw new OidcException(ErrorCode.REFRESH_UNAVAILABLE, "the access token of sub=" + LogText.clean(user.subject())
                + " expired more than OIDC_REFRESH_GRACE ago and cannot be refreshed: 503 until the provider answers");
    }

    private static Result end(WebSession session) {
        session.remove(SessionKeys.USER);
        session.remove(SessionKeys.ID_TOKEN);
        session.remove(SessionKeys.REFRESH);
        return Result.ENDED;
    }

    private static Map<String, Object> parse(String stored) {
        if (stored == null) return null;
        try {
            return Json.parseObject(stored);
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }
}
