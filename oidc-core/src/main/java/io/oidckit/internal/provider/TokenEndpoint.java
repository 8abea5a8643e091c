package io.oidckit.internal.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.ErrorObject;
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
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.internal.Json;
import io.oidckit.internal.Keys;
import io.oidckit.internal.LogText;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The token endpoint (RFC 6749 §3.2, OpenID Connect Core 1.0 §3.1.3): one grant in, the tokens out, with the
 * configured client authentication (§9). Refuses what a relying party must not use: an OAuth error, an answer
 * that is not a token response, no {@code id_token}, a {@code token_type} other than {@code Bearer}.
 */
final class TokenEndpoint {
    private final OidcConfig config;
    private final ProviderHttp http;
    private final JWK clientKey;

    TokenEndpoint(OidcConfig config, ProviderHttp http) {
        this.config = config;
        this.http = http;
        this.clientKey = config.clientPrivateKeyJwk() == null ? null : Keys.parse(config.clientPrivateKeyJwk());
    }

    /**
     * A client credentials grant (RFC 6749 §4.4) for {@code scopes} and, when not {@code null}, the RFC 8707
     * {@code resource}: a Bearer access token and its lifetime in seconds (0 when the provider gave none).
     */
    CompletionStage<IssuedToken> clientCredentials(ProviderInfo info, Set<String> scopes, URI resource) {
        HTTPRequest request = new TokenRequest(info.tokenEndpoint(), clientAuthentication(info), new ClientCredentialsGrant(),
                scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new)),
                resource == null ? null : List.of(resource), null).toHTTPRequest();
        return http.postForm(request.getURI(), request.getHeaderMap(), request.getBody()).thenApply(answer -> {
            TokenResponse response = parse(answer, TokenResponse::parse);
            AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
            requireBearer(token.getType());
            return new IssuedToken(token.getValue(), token.getLifetime());
        });
    }

    /**
     * A refresh token grant (RFC 6749 §6): the new tokens, the ID token unverified (the caller checks it, OpenID
     * Connect Core 1.0 §12.2). An {@code invalid_grant} answer is OIDC801: the refresh token is no longer valid.
     */
    CompletionStage<RefreshedTokens> refresh(ProviderInfo info, String refreshToken) {
        HTTPRequest request = new TokenRequest(info.tokenEndpoint(), clientAuthentication(info),
                new RefreshTokenGrant(new RefreshToken(refreshToken)), null).toHTTPRequest();
        return http.postForm(request.getURI(), request.getHeaderMap(), request.getBody()).thenApply(answer -> {
            TokenResponse response;
            try {
                response = parse(answer, TokenResponse::parse);
            } catch (OidcException e) {
                if (e.code() == ErrorCode.TOKEN_ERROR && "invalid_grant".equals(oauthError(answer.body()))) {
                    throw new OidcException(ErrorCode.REFRESH_REFUSED, "the provider refused the refresh token (invalid_grant):"
                            + " the session ends");
                }
                throw e;
            }
            AccessTokenResponse ok = response.toSuccessResponse();
            AccessToken token = ok.getTokens().getAccessToken();
            requireBearer(token.getType());
            Object idToken = ok.getCustomParameters().get("id_token");
            RefreshToken next = ok.getTokens().getRefreshToken();
            return new RefreshedTokens(token.getValue(), token.getLifetime(),
                    token.getScope() == null ? null : java.util.Set.copyOf(token.getScope().toStringList()),
                    next == null ? null : next.getValue(), idToken instanceof String s ? s : null);
        });
    }

    /** RFC 7009 §2.1: asks the provider to revoke {@code refreshToken}; the stage fails when the answer is not 200. */
    CompletionStage<Void> revoke(ProviderInfo info, String refreshToken) {
        HTTPRequest request = new TokenRevocationRequest(info.revocationEndpoint(), clientAuthentication(info),
                new RefreshToken(refreshToken)).toHTTPRequest();
        return http.postForm(request.getURI(), request.getHeaderMap(), request.getBody()).thenAccept(answer -> {
            if (answer.status() != 200) {
                throw new OidcException(ErrorCode.TOKEN_REVOCATION_FAILED, "the revocation endpoint answered HTTP " + answer.status());
            }
        });
    }

    private static String oauthError(String body) {
        try {
            return Json.parseObject(body).get("error") instanceof String s ? s : null;
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    CompletionStage<OIDCTokens> request(ProviderInfo info, AuthorizationGrant grant) {
        HTTPRequest request = new TokenRequest(info.tokenEndpoint(), clientAuthentication(info), grant, null).toHTTPRequest();
        return http.postForm(request.getURI(), request.getHeaderMap(), request.getBody()).thenApply(TokenEndpoint::tokens);
    }

    /** The SDK's reading of an answer, or the OAuth error it holds, or OIDC303/OIDC307 when it is no token response. */
    private static <T extends TokenResponse> T parse(ProviderHttp.Answer answer, Parser<T> parser) {
        int s = answer.status();
        T response;
        try {
            HTTPResponse r = new HTTPResponse(s);
            if (!answer.contentType().isEmpty()) r.setHeader("Content-Type", answer.contentType());
            r.setBody(answer.body());
            response = parser.parse(r);
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
        return response;
    }

    private interface Parser<T> {
        T parse(HTTPResponse response) throws com.nimbusds.oauth2.sdk.ParseException;
    }

    private static OIDCTokens tokens(ProviderHttp.Answer answer) {
        TokenResponse response = parse(answer, OIDCTokenResponseParser::parse);
        if (!(response.toSuccessResponse() instanceof OIDCTokenResponse ok) || ok.getOIDCTokens().getIDTokenString() == null) {
            throw new OidcException(ErrorCode.RESPONSE_MALFORMED, "the token endpoint's answer has no id_token");
        }
        requireBearer(ok.getOIDCTokens().getAccessToken().getType());
        return ok.getOIDCTokens();
    }

    /** RFC 6749 §7.1: a DPoP- or MAC-bound token used as a bearer token fails later, or leaks; refuse it now. */
    private static void requireBearer(AccessTokenType type) {
        if (!AccessTokenType.BEARER.equals(type)) {
            throw new OidcException(ErrorCode.TOKEN_TYPE_UNSUPPORTED, "the token endpoint answered token_type="
                    + LogText.clean(String.valueOf(type)) + "; only Bearer is supported");
        }
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

    /** The configured client authentication (OpenID Connect Core 1.0 §9), for the token and introspection endpoints. */
    ClientAuthentication clientAuthentication(ProviderInfo info) {
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
        } catch (JOSEException e) {
            throw new OidcException(ErrorCode.CONFIG_MALFORMED, "OIDC_CLIENT_PRIVATE_KEY cannot sign a client assertion");
        }
    }

    private static JWSAlgorithm alg(JWK key, JWSAlgorithm fallback) {
        return key.getAlgorithm() != null ? JWSAlgorithm.parse(key.getAlgorithm().getName()) : fallback;
    }
}
