package io.oidckit.bench.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.testprovider.TestProvider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The login baseline: what any relying party must do with the provider, written directly against the Nimbus SDK
 * with no web app and no session: build the authorization request (state, nonce, PKCE), let the provider redirect
 * with a code, exchange it at the token endpoint ({@code client_secret_basic}), validate the ID token with
 * Nimbus's {@link IDTokenValidator} (keys fetched once), and optionally call UserInfo.
 */
final class RawLogin {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final TestProvider provider;
    private final URI redirectUri;
    private final boolean userInfo;
    private final IDTokenValidator validator;

    RawLogin(TestProvider provider, String redirectUri, boolean userInfo) throws Exception {
        this.provider = provider;
        this.redirectUri = URI.create(redirectUri);
        this.userInfo = userInfo;
        String jwks = get(provider.uri(Endpoint.JWKS.path()), null).body();
        this.validator = new IDTokenValidator(new Issuer(provider.issuer()), new ClientID(TestProvider.CLIENT_ID),
                new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(JWKSet.parse(jwks))), null);
        validator.setMaxClockSkew(60);
    }

    void login() {
        try {
            State state = new State();
            Nonce nonce = new Nonce();
            CodeVerifier verifier = new CodeVerifier();
            URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email", "profile"),
                    new ClientID(TestProvider.CLIENT_ID), redirectUri)
                    .endpointURI(provider.uri(Endpoint.AUTHORIZE.path()))
                    .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                    .build().toURI();
            HttpResponse<String> back = get(authorize, null);
            String location = back.headers().firstValue("Location").orElseThrow();
            Map<String, java.util.List<String>> q = com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(URI.create(location).getRawQuery());
            if (!state.getValue().equals(q.get("state").get(0))) throw new IllegalStateException("state");
            HTTPRequest token = new TokenRequest(provider.uri(Endpoint.TOKEN.path()),
                    new ClientSecretBasic(new ClientID(TestProvider.CLIENT_ID), new Secret(TestProvider.CLIENT_SECRET)),
                    new AuthorizationCodeGrant(new AuthorizationCode(q.get("code").get(0)), redirectUri, verifier), null)
                    .toHTTPRequest();
            HttpRequest.Builder post = HttpRequest.newBuilder(token.getURI()).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(token.getBody()));
            token.getHeaderMap().forEach((k, vs) -> vs.forEach(v -> post.header(k, v)));
            HttpResponse<String> tr = HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString());
            HTTPResponse nimbus = new HTTPResponse(tr.statusCode());
            nimbus.setHeader("Content-Type", tr.headers().firstValue("Content-Type").orElse("application/json"));
            nimbus.setBody(tr.body());
            OIDCTokenResponse ok = (OIDCTokenResponse) OIDCTokenResponseParser.parse(nimbus).toSuccessResponse();
            IDTokenClaimsSet claims = validator.validate(ok.getOIDCTokens().getIDToken(), nonce);
            if (userInfo) {
                HttpResponse<String> ui = get(provider.uri(Endpoint.USERINFO.path()),
                        "Bearer " + ok.getOIDCTokens().getAccessToken().getValue());
                Map<String, Object> u = com.nimbusds.jose.util.JSONObjectUtils.parse(ui.body());
                if (!claims.getSubject().getValue().equals(u.get("sub"))) throw new IllegalStateException("userinfo sub");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
