package io.oidckit.internal.flows;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.OidcUser;
import io.oidckit.Requirement;
import io.oidckit.internal.Async;
import io.oidckit.internal.Query;
import io.oidckit.internal.bearer.BearerTokens;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * Routes that take a bearer token (RFC 6750). The token comes from {@code Authorization: Bearer} only: one in the
 * query string is refused (400 {@code invalid_request}), one in a form body is never read. A request that sends a
 * token is judged by the token alone and never reads or writes the session, so it gets no cookie; a request
 * without one is judged by the session where the route allows it. Every refusal is JSON with
 * {@code WWW-Authenticate: Bearer} (§3): 401 ({@code invalid_token} when a token was sent), 403
 * {@code insufficient_scope}; never a redirect.
 */
final class BearerRoutes {
    private static final System.Logger LOG = System.getLogger("io.oidckit");

    private final BearerTokens tokens;
    private final Authorization sessions;
    private final Refresh refresh;

    BearerRoutes(BearerTokens tokens, Authorization sessions, Refresh refresh) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.refresh = refresh;
    }

    /** Whether a route with these requirements (either may be {@code null}) is one for this class. */
    static boolean takes(Requirement rule, Requirement route) {
        return (rule != null && rule.takesBearer()) || (route != null && route.takesBearer());
    }

    /** The answer for a request to a route with the configured {@code rule} and the route's own requirement. */
    CompletionStage<Outcome> authorize(WebRequest request, WebSession session, Requirement rule, Requirement route) {
        if (new Query(request.rawQuery()).first("access_token") != null) {
            return refuse(400, "invalid_request", null, ErrorCode.ACCESS_TOKEN_REQUEST_INVALID,
                    "a bearer token was sent in the query string, where it leaks into logs and histories");
        }
        String header = request.header("Authorization");
        if (!WebRequest.bearer(header)) {
            if (only(rule) || only(route)) return Answers.done(challenge(401, null, null, "{\"error\":\"unauthorized\"}"));
            CompletionStage<Refresh.Result> fresh = refresh.ifDue(session, true);
            if (fresh == null) return Answers.done(bySession(request, session, rule, route));
            return fresh.thenApply(r -> Refresh.signedOutIf(r, bySession(request, session, rule, route)));
        }
        String token = header.substring(7).trim();
        // A token seen before passed the syntax check and every other one then: its user, without a stage.
        OidcUser known = tokens.known(token);
        if (known != null) return Answers.done(judge(known, rule, route));
        if (!b64token(token)) {
            return refuse(400, "invalid_request", null, ErrorCode.ACCESS_TOKEN_REQUEST_INVALID,
                    "the Authorization header's bearer token is empty or not a b64token (RFC 6750 §2.1)");
        }
        return tokens.user(token).thenApply(user -> judge(user, rule, route)).exceptionally(this::failure);
    }

    /**
     * RFC 6750 §2.1 {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. A loop:
     * the equivalent regular expression took 10 µs for a JWT, most of a known token's cost.
     */
    static boolean b64token(String s) {
        int i = 0, n = s.length();
        while (i < n && tokenChar(s.charAt(i))) i++;
        if (i == 0) return false;
        while (i < n && s.charAt(i) == '=') i++;
        return i == n;
    }

    private static boolean tokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static boolean only(Requirement r) {
        return r != null && r.credential() == Requirement.Credential.BEARER;
    }

    /** The session's answer for each requirement in turn; anonymous, it also says a bearer token would do. */
    private Outcome bySession(WebRequest request, WebSession session, Requirement rule, Requirement route) {
        Outcome o = rule == null ? sessions.authorize(request, session, route) : sessions.authorize(request, session, rule, route);
        if (o instanceof Outcome.Json j && j.status() == 401) {
            return challenge(401, null, null, j.body()).with(o.session());
        }
        return o;
    }

    private Outcome judge(OidcUser user, Requirement rule, Requirement route) {
        for (Requirement r : new Requirement[]{rule, route}) {
            if (r == null) continue;
            if (!r.allows(user) || !r.allowsScopes(user.scopes())) {
                String scope = r.allowsScopes(user.scopes()) ? null : String.join(" ", new TreeSet<>(r.scopes()));
                LOG.log(System.Logger.Level.INFO, ErrorCode.ACCESS_TOKEN_INSUFFICIENT.code() + " a bearer token of "
                        + user.subject() + " lacks " + (scope == null ? "the role " + r.roles() : "the scope " + scope));
                return challenge(403, "insufficient_scope", scope, "{\"error\":\"insufficient_scope\"}");
            }
        }
        return new Outcome.Continue(user, Pages.NO_STORE);
    }

    private Outcome failure(Throwable thrown) {
        Throwable t = Async.unwrap(thrown);
        if (t instanceof OidcException e && e.code() == ErrorCode.ACCESS_TOKEN_INVALID) {
            LOG.log(System.Logger.Level.INFO, "OIDC501 bearer token refused: " + e.getMessage());
            return challenge(401, "invalid_token", null, "{\"error\":\"invalid_token\"}");
        }
        if (t instanceof OidcException e && e.status() >= 500) {
            LOG.log(System.Logger.Level.WARNING, "a bearer token could not be judged: " + e.getMessage());
            return new Outcome.Json(e.status(), e.status() == 503 ? "{\"error\":\"temporarily_unavailable\"}"
                    : "{\"error\":\"server_error\"}", Pages.SECURE);
        }
        LOG.log(System.Logger.Level.ERROR, "OIDC303 unexpected failure while judging a bearer token", t);
        return new Outcome.Json(502, "{\"error\":\"server_error\"}", Pages.SECURE);
    }

    private static CompletionStage<Outcome> refuse(int status, String error, String scope, ErrorCode code, String why) {
        LOG.log(System.Logger.Level.INFO, code.code() + " " + why);
        return Answers.done(challenge(status, error, scope, "{\"error\":\"" + error + "\"}"));
    }

    /** A JSON answer with the RFC 6750 §3 challenge: {@code Bearer}, with {@code error} and {@code scope} when given. */
    static Outcome.Json challenge(int status, String error, String scope, String body) {
        StringBuilder value = new StringBuilder("Bearer");
        if (error != null) value.append(" error=\"").append(error.toLowerCase(Locale.ROOT)).append('"');
        if (scope != null) value.append(", scope=\"").append(scope).append('"');
        Map<String, String> headers = new LinkedHashMap<>(Pages.SECURE);
        headers.put("WWW-Authenticate", value.toString());
        return new Outcome.Json(status, body, Map.copyOf(headers));
    }
}
