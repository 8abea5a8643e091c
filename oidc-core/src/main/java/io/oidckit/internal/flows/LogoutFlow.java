package io.oidckit.internal.flows;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.internal.Async;
import io.oidckit.internal.Json;
import io.oidckit.internal.provider.ProviderInfo;
import io.oidckit.internal.sessions.Revocations;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.internal.Paths;
import io.oidckit.internal.Query;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.sessions.PendingLogin;
import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.SessionChange;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET} or {@code POST B auth/logout}: the local session ends, then RP-initiated logout at the provider
 * (OpenID Connect RP-Initiated Logout 1.0 §2) with the ID token as hint and a {@code state} of our own, checked when
 * the provider sends the browser back to {@code OIDC_POST_LOGOUT_REDIRECT_URI} (§3).
 */
final class LogoutFlow {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final String logoutPath;
    /** The path of OIDC_POST_LOGOUT_REDIRECT_URI when it is on this app's origin, else {@code null}. */
    private final String returnPath;

    private final UserCodec users;
    private final Revocations revocations;

    LogoutFlow(OidcConfig config, Clock clock, ProviderClient provider, String logoutPath, UserCodec users,
               Revocations revocations) {
        this.users = users;
        this.revocations = revocations;
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.logoutPath = logoutPath;
        URI after = config.postLogoutRedirectUri();
        URI callback = config.redirectUri();
        boolean sameOrigin = after.getScheme().equalsIgnoreCase(callback.getScheme())
                && after.getHost().equalsIgnoreCase(callback.getHost()) && after.getPort() == callback.getPort();
        this.returnPath = sameOrigin ? Paths.normalise(after.getRawPath()) : null;
    }

    CompletionStage<Outcome> logout(WebRequest request, WebSession session) {
        if ("cross-site".equalsIgnoreCase(request.header("Sec-Fetch-Site"))) {
            // Another site cannot log the user out behind their back; a click on our own page can.
            return Answers.done(Pages.logoutConfirm(logoutPath, config.basePath()));
        }
        String idToken = session.get(SessionKeys.ID_TOKEN);
        String stored = session.get(SessionKeys.USER);
        String refresh = session.get(SessionKeys.REFRESH);
        session.invalidate();
        if (stored == null) return Answers.done(new Outcome.Redirect(config.basePath(), Pages.NO_STORE));
        OidcUser user = users.read(stored);
        // Every replica forgets this login, a copy of its cookie included (cookie mode has no store to delete from).
        if (user != null && user.loginId() != null) {
            revocations.revoke(Revocations.Kind.LOGIN, user.loginId(), clock.millis() / 1000, true);
        }
        Outcome home = new Outcome.Redirect(config.basePath(), Pages.NO_STORE, SessionChange.SIGNED_OUT);
        return provider.metadata().handle((info, failure) -> {
            if (failure == null && refresh != null) revokeAtProvider(info, refresh);
            if (failure != null || info.endSessionEndpoint() == null) return home;
            // RP-Initiated Logout 1.0 §2-3: a state of our own, checked when the provider sends the browser back.
            String state = PendingLogin.random();
            session.put(SessionKeys.LOGOUT, state + " " + clock.millis() / 1000);
            JWT hint = null;
            try {
                hint = idToken == null ? null : JWTParser.parse(idToken);
            } catch (java.text.ParseException e) {
                // An unreadable stored token only loses the hint; logout still proceeds.
            }
            URI uri = new LogoutRequest(info.endSessionEndpoint(), hint, null, new ClientID(config.clientId()),
                    config.postLogoutRedirectUri(), new State(state), null).toURI();
            return new Outcome.Redirect(uri.toString(), Pages.NO_STORE, SessionChange.SIGNED_OUT);
        });
    }

    /**
     * RFC 7009: the refresh token revoked at the provider, when it has a {@code revocation_endpoint}. Not waited
     * for: the browser is not held by a slow provider, and a failure is only a warning (OIDC804).
     */
    private void revokeAtProvider(ProviderInfo info, String stored) {
        String rt;
        try {
            rt = Json.string(Json.parseObject(stored), "r");
        } catch (java.text.ParseException | RuntimeException e) {
            return;
        }
        if (rt == null || info.revocationEndpoint() == null) return;
        try {
            provider.revoke(info, rt).whenComplete((ok, failure) -> {
                if (failure != null) {
                    Throwable t = Async.unwrap(failure);
                    LOG.log(System.Logger.Level.WARNING, "OIDC804 the refresh token was not revoked at logout: "
                            + (t instanceof io.oidckit.OidcException ? t.getMessage() : t.toString()));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC804 the refresh token was not revoked at logout: " + e);
        }
    }

    /** Whether {@code path} is where the provider sends the browser back after logout. */
    boolean isReturn(String path) {
        return path.equals(returnPath);
    }

    /**
     * The provider's way back after logout. With this browser's logout {@code state}: the logout record goes and
     * the browser lands on the clean base path. With any other state, or none, {@code null}: the page is shown as
     * any visit would be, with nothing learned from the query.
     */
    Outcome afterLogout(WebRequest request, WebSession session) {
        String stored = session.get(SessionKeys.LOGOUT);
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
        return new Outcome.Redirect(config.basePath(), Pages.NO_STORE);
    }
}
