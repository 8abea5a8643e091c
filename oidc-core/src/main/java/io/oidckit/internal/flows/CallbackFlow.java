package io.oidckit.internal.flows;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.OidcUser;
import io.oidckit.internal.LogText;
import io.oidckit.internal.Query;
import io.oidckit.internal.Roles;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.provider.ProviderInfo;
import io.oidckit.internal.sessions.PendingLogin;
import io.oidckit.internal.sessions.PendingLogins;
import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.internal.sessions.Visit;
import io.oidckit.internal.tokens.Claims;
import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.Outcome;
import io.oidckit.web.SessionChange;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The redirect URI's path: the authorization response (OpenID Connect Core 1.0 §3.1.2.5-7), checked in the order of
 * docs/contract.md ("The callback's checks"), then the code exchange, the ID token, UserInfo, and the sign-in with
 * a fresh session id. Every failure is an error page and no session.
 */
final class CallbackFlow {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    private static final Set<String> CALLBACK_PARAMS = Set.of("code", "state", "iss", "error");
    private static final int MAX_CALLBACK_PARAM = 4096;

    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final IdTokenVerifier verifier;
    private final PendingLogins pending;
    private final UserCodec users;
    private final Answers answers;
    private final Map<String, String> redirectHeaders;

    CallbackFlow(OidcConfig config, Clock clock, ProviderClient provider, IdTokenVerifier verifier,
                 PendingLogins pending, UserCodec users, Answers answers) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.verifier = verifier;
        this.pending = pending;
        this.users = users;
        this.answers = answers;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("Referrer-Policy", "no-referrer"); // the code and state must not leak to the page we land on
        this.redirectHeaders = Map.copyOf(h);
    }

    CompletionStage<Outcome> callback(WebRequest request, Visit visit) {
        WebSession session = visit.session();
        Query q = new Query(request.rawQuery());
        if (q.malformed()) return answers.rejected(ErrorCode.CALLBACK_PARAMETER_INVALID, "the callback query is not valid URL encoding");
        for (String name : CALLBACK_PARAMS) {
            List<String> v = q.all(name);
            if (v.size() > 1 || (v.size() == 1 && v.get(0).length() > MAX_CALLBACK_PARAM)) {
                return answers.rejected(ErrorCode.CALLBACK_PARAMETER_INVALID, "the callback parameter " + name + " is repeated or over 4 KiB");
            }
        }
        String state = q.first("state");
        if (state == null || state.isEmpty()) return answers.rejected(ErrorCode.STATE_MISSING, "the callback has no state");
        long now = clock.millis() / 1000;
        PendingLogin match = pending.take(visit, state, now); // used once, whatever happens next
        if (match == null) return answers.rejected(ErrorCode.STATE_UNKNOWN, "no pending login matches the callback's state");
        if (pending.expired(match, now)) {
            return answers.rejected(ErrorCode.STATE_UNKNOWN, "the pending login expired before the callback");
        }
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
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), config.redirectUri(),
                    new CodeVerifier(match.codeVerifier()));
            return provider.token(info, grant)
                    .thenCompose(tokens -> verifier.verify(tokens.getIDTokenString(), info.issuer(), match.nonce())
                            .thenCompose(claims -> withUserInfo(info, tokens, claims))
                            .thenApply(claims -> signIn(session, claims, tokens, match)));
        });
    }

    /** The ID token's claims, with UserInfo's filling in what it lacks (OpenID Connect Core 1.0 §5.3). */
    private CompletionStage<Map<String, Object>> withUserInfo(ProviderInfo info, OIDCTokens tokens, JWTClaimsSet idClaims) {
        Map<String, Object> claims = new HashMap<>(idClaims.getClaims());
        if (!config.callsUserInfo() || info.userInfoEndpoint() == null) return CompletableFuture.completedFuture(claims);
        return provider.userInfo(info, tokens.getAccessToken().getValue()).thenApply(fetched -> {
            Claims.check(fetched, Claims.USERINFO_TYPES, ErrorCode.USERINFO_CLAIM_INVALID, "UserInfo answer");
            // §5.3.2: the sub must be the ID token's, or the answer may belong to someone else (token substitution).
            if (!idClaims.getSubject().equals(fetched.get("sub"))) {
                throw new OidcException(ErrorCode.USERINFO_SUBJECT_MISMATCH, "the UserInfo sub differs from the ID token's sub");
            }
            // The provider's session id is the ID token's alone (Back-Channel Logout 1.0 §2.1), never UserInfo's.
            fetched.forEach((name, value) -> {
                if (!name.equals("sid")) claims.putIfAbsent(name, value);
            });
            return claims;
        });
    }

    private Outcome signIn(WebSession session, Map<String, Object> claims, OIDCTokens tokens, PendingLogin match) {
        long now = clock.millis() / 1000;
        OidcUser user = new OidcUser((String) claims.get("sub"), str(claims.get("name")), str(claims.get("email")),
                str(claims.get("preferred_username")), Roles.from(claims, config.rolesClaim()), now,
                now + config.sessionMaxAge().toSeconds()).withSid(str(claims.get("sid"))).withLoginId(PendingLogin.random());
        String refresh = null;
        if (config.keepTokens()) {
            com.nimbusds.oauth2.sdk.token.AccessToken at = tokens.getAccessToken();
            Set<String> scopes = at.getScope() != null ? Set.copyOf(at.getScope().toStringList()) : Set.copyOf(config.scopes());
            user = user.withAccessToken(at.getValue(), now, at.getLifetime() > 0 ? now + at.getLifetime() : 0, scopes);
            if (tokens.getRefreshToken() != null) {
                Object authTime = claims.get("auth_time");
                refresh = Refresh.stored(tokens.getRefreshToken().getValue(), match.nonce(),
                        authTime instanceof Number n ? n.longValue() : 0);
            }
        }
        // A fresh session id at login, so an id planted before login is worthless afterwards (session fixation).
        session.renewId();
        session.put(SessionKeys.USER, users.write(user));
        if (refresh != null) session.put(SessionKeys.REFRESH, refresh);
        else session.remove(SessionKeys.REFRESH);
        session.put(SessionKeys.ID_TOKEN, tokens.getIDTokenString());
        session.expireAfter(null); // a session begun for a pending login gets the framework's own lifetime back
        LOG.log(System.Logger.Level.INFO, "login completed for sub=" + LogText.clean(user.subject()));
        return new Outcome.Redirect(match.returnTo(), redirectHeaders, new SessionChange.SignedIn(user));
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }
}
