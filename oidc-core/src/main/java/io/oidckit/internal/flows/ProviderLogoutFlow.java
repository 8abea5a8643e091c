package io.oidckit.internal.flows;

import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.internal.Async;
import io.oidckit.internal.LogText;
import io.oidckit.internal.Query;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.sessions.Revocations;
import io.oidckit.internal.tokens.LogoutTokenVerifier;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.WebRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Logout that the provider starts: {@code POST B auth/backchannel-logout} (OpenID Connect Back-Channel Logout 1.0),
 * a signed logout token from server to server, and {@code GET B auth/frontchannel-logout?iss=&sid=} (Front-Channel
 * Logout 1.0), a page the provider loads in a frame. Both end the provider session's logins through
 * {@link Revocations}, on every replica, in either session mode; neither reads or writes this request's session, so
 * neither needs a cookie, sets one, or is open to cross-site request forgery of the session.
 */
final class ProviderLogoutFlow {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    /** A logout token is a kilobyte or two; a form many times that is not one. */
    static final int MAX_BODY = 16 * 1024;
    private static final Map<String, String> NO_STORE = Pages.NO_STORE;

    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final LogoutTokenVerifier verifier;
    private final Revocations revocations;

    ProviderLogoutFlow(OidcConfig config, Clock clock, ProviderClient provider, Revocations revocations) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.verifier = new LogoutTokenVerifier(config, provider, clock);
        this.revocations = revocations;
    }

    /** §2.5-2.8: 200 when the logins are ended, 400 with an OAuth error otherwise; {@code no-store} always. */
    CompletionStage<Outcome> backchannel(WebRequest request) {
        if (!request.method().equalsIgnoreCase("POST")) return Answers.done(invalid("the request is not a POST"));
        if (!isForm(request.header("Content-Type"))) {
            return Answers.done(invalid("the request is not application/x-www-form-urlencoded"));
        }
        CompletionStage<byte[]> body;
        try {
            body = request.body(MAX_BODY);
        } catch (RuntimeException e) {
            return Answers.done(invalid("the request body cannot be read"));
        }
        return body.handle((bytes, failure) -> {
            if (failure != null || bytes.length > MAX_BODY) throw new OidcException(ErrorCode.LOGOUT_REQUEST_INVALID,
                    "the request body is unreadable or over " + MAX_BODY + " bytes");
            Query form = new Query(new String(bytes, StandardCharsets.UTF_8));
            List<String> tokens = form.all("logout_token");
            if (form.malformed() || tokens.size() != 1 || tokens.get(0).isEmpty()) {
                throw new OidcException(ErrorCode.LOGOUT_REQUEST_INVALID, "the form has no single logout_token");
            }
            return tokens.get(0);
        }).thenCompose(token -> provider.metadata().thenCompose(info -> verifier.verify(token, info.issuer())))
                .thenApply(logout -> {
                    long now = clock.millis() / 1000;
                    // Logins up to the token's issue, with the skew for a provider clock behind ours: a replay seen
                    // by another replica later ends no login made after the logout.
                    long at = Math.min(now, logout.issuedAt() + config.clockSkew().toSeconds());
                    boolean bySid = logout.sid() != null;
                    revocations.revoke(bySid ? Revocations.Kind.SID : Revocations.Kind.SUB,
                            bySid ? logout.sid() : logout.sub(), at, true);
                    LOG.log(System.Logger.Level.INFO, "back-channel logout: the logins of "
                            + (bySid ? "sid=" + LogText.clean(logout.sid()) : "sub=" + LogText.clean(logout.sub())) + " ended");
                    return (Outcome) new Outcome.Page(200, "", NO_STORE);
                })
                .exceptionally(ProviderLogoutFlow::failed);
    }

    /**
     * Front-Channel Logout 1.0 §2-3: with the provider's {@code iss} and a {@code sid}, that provider session's logins
     * end and a page only the provider may frame says so. Anything else is the 400 page.
     */
    CompletionStage<Outcome> frontchannel(WebRequest request, Answers answers) {
        Query q = new Query(request.rawQuery());
        String iss = q.first("iss"), sid = q.first("sid");
        if (!request.method().equalsIgnoreCase("GET") || q.malformed() || q.all("iss").size() != 1
                || q.all("sid").size() != 1 || !io.oidckit.internal.tokens.Claims.validSubject(sid)) {
            return answers.rejected(ErrorCode.LOGOUT_REQUEST_INVALID, "a front-channel logout needs one iss and one sid");
        }
        return provider.metadata().thenApply(info -> {
            if (!iss.equals(info.issuer())) {
                throw new OidcException(ErrorCode.LOGOUT_REQUEST_INVALID, "the front-channel logout's iss names another issuer");
            }
            // Unsigned, so it must not push out a revocation in force: refused when this replica is full.
            if (!revocations.revoke(Revocations.Kind.SID, sid, clock.millis() / 1000, false)) {
                throw new OidcException(ErrorCode.REVOCATIONS_FULL, "front-channel logout refused: this replica holds "
                        + Revocations.LIMIT + " revocations");
            }
            LOG.log(System.Logger.Level.INFO, "front-channel logout: the logins of sid=" + LogText.clean(sid) + " ended");
            return (Outcome) Pages.signedOutFrame(origin(URI.create(info.issuer())));
        });
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) return false;
        String t = contentType.trim().toLowerCase(Locale.ROOT);
        int semicolon = t.indexOf(';');
        return (semicolon < 0 ? t : t.substring(0, semicolon).trim()).equals("application/x-www-form-urlencoded");
    }

    private static Outcome failed(Throwable thrown) {
        Throwable t = Async.unwrap(thrown);
        if (t instanceof OidcException e && e.status() == 400) {
            LOG.log(System.Logger.Level.INFO, e.getMessage());
            return invalidJson();
        }
        if (t instanceof OidcException e && e.status() > 0) {
            // The provider's keys or metadata could not be had: the provider may send the token again.
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            return new Outcome.Json(e.status(), "{\"error\":\"temporarily_unavailable\"}", NO_STORE);
        }
        LOG.log(System.Logger.Level.ERROR, "OIDC303 unexpected failure in a back-channel logout", t);
        return invalidJson();
    }

    private static Outcome invalid(String why) {
        LOG.log(System.Logger.Level.INFO, ErrorCode.LOGOUT_REQUEST_INVALID.code() + " " + why);
        return invalidJson();
    }

    /** §2.8: 400 with an OAuth error; its description names no detail a caller could probe with. */
    private static Outcome invalidJson() {
        return new Outcome.Json(400, "{\"error\":\"invalid_request\",\"error_description\":\"not a valid logout request\"}",
                NO_STORE);
    }

    /** {@code scheme://host[:port]} of the issuer: the one origin allowed to frame the front-channel page. */
    static String origin(URI issuer) {
        return issuer.getScheme().toLowerCase(Locale.ROOT) + "://" + issuer.getHost().toLowerCase(Locale.ROOT)
                + (issuer.getPort() < 0 ? "" : ":" + issuer.getPort());
    }
}
