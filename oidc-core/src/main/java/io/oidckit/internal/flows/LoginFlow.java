package io.oidckit.internal.flows;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.oidckit.OidcConfig;
import io.oidckit.internal.Paths;
import io.oidckit.internal.Query;
import io.oidckit.internal.provider.ProviderClient;
import io.oidckit.internal.sessions.PendingLogin;
import io.oidckit.internal.sessions.PendingLogins;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.WebRequest;
import io.oidckit.internal.sessions.Visit;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET B auth/login}: a new pending login ({@code state}, {@code nonce}, PKCE verifier, where to return) and
 * the redirect to the authorization endpoint (OpenID Connect Core 1.0 §3.1.2.1, RFC 7636), built with the SDK's
 * request type, never by string concatenation.
 */
final class LoginFlow {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final PendingLogins pending;
    private final String redirectHost;
    private final java.util.concurrent.atomic.AtomicBoolean warnedHost = new java.util.concurrent.atomic.AtomicBoolean();

    LoginFlow(OidcConfig config, Clock clock, ProviderClient provider, PendingLogins pending) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.pending = pending;
        URI r = config.redirectUri();
        this.redirectHost = (r.getHost() + (r.getPort() < 0 ? "" : ":" + r.getPort())).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The classic "works locally, fails behind the proxy": the browser started here on another host than the
     * redirect URI's, so the pending login's cookie (or session) is on a host the callback never reaches. Only a
     * warning, once: the Host header is the client's word and decides nothing (every absolute URL comes from
     * OIDC_REDIRECT_URI).
     */
    private void warnOnOtherHost(String host) {
        if (host == null || warnedHost.get()) return;
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        String bare = redirectHost.endsWith(":80") || redirectHost.endsWith(":443") ? redirectHost.substring(0, redirectHost.lastIndexOf(':')) : redirectHost;
        if (h.equals(redirectHost) || h.equals(bare) || !warnedHost.compareAndSet(false, true)) return;
        LOG.log(System.Logger.Level.WARNING, "a login started on host " + io.oidckit.internal.LogText.clean(host)
                + " but OIDC_REDIRECT_URI is on " + redirectHost + ": the callback will not find the login it started. "
                + "Open the app at the redirect URI's host, or set OIDC_REDIRECT_URI to the address the browser uses "
                + "(behind a proxy, the proxy's). Said once.");
    }

    CompletionStage<Outcome> login(WebRequest request, Visit visit) {
        warnOnOtherHost(request.header("Host"));
        String wanted = new Query(request.rawQuery()).first("return_to");
        String returnTo = Paths.isSafeReturnTo(wanted) ? wanted : config.basePath();
        // The metadata first: a provider that is down gets a 503 and this browser no session.
        return provider.metadata().thenApply(info -> {
            PendingLogin p = pending.begin(visit, returnTo, clock.millis() / 1000);
            URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(config.scopes().toArray(String[]::new)),
                    new ClientID(config.clientId()), config.redirectUri())
                    .endpointURI(info.authorizationEndpoint())
                    .state(new State(p.state()))
                    .nonce(new Nonce(p.nonce()))
                    .codeChallenge(new CodeVerifier(p.codeVerifier()), CodeChallengeMethod.S256)
                    .build()
                    .toURI();
            return new Outcome.Redirect(uri.toString(), Pages.NO_STORE);
        });
    }
}
