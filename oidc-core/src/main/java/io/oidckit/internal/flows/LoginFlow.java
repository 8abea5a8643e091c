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
    private final OidcConfig config;
    private final Clock clock;
    private final ProviderClient provider;
    private final PendingLogins pending;

    LoginFlow(OidcConfig config, Clock clock, ProviderClient provider, PendingLogins pending) {
        this.config = config;
        this.clock = clock;
        this.provider = provider;
        this.pending = pending;
    }

    CompletionStage<Outcome> login(WebRequest request, Visit visit) {
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
