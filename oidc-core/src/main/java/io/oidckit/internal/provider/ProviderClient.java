package io.oidckit.internal.provider;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.internal.Json;
import io.oidckit.internal.tokens.KeySource;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Everything the relying party says to the provider, and nothing else does: discovery metadata and the JWKS (both
 * cached, loaded lazily, refreshed with backoff, kept while the provider fails), the token endpoint, UserInfo. Every
 * call is asynchronous and bounded ({@link ProviderHttp}); answers are checked for form here, for meaning by the
 * flows and token verifiers that asked.
 */
public final class ProviderClient implements KeySource {
    private final OidcConfig config;
    private final ProviderHttp http;
    private final TokenEndpoint tokens;
    private final Introspection introspection;
    private final RefreshingCache<ProviderInfo> metadata;
    private final RefreshingCache<JWKSet> jwks;

    public ProviderClient(OidcConfig config, Clock clock) {
        this.config = config;
        this.http = new ProviderHttp(config);
        this.tokens = new TokenEndpoint(config, http);
        this.introspection = new Introspection(http, tokens);
        this.metadata = new RefreshingCache<>("discovery metadata", this::loadMetadata, config.cacheTtl(),
                config.retryBackoff(), config.retryBackoffMax(), clock);
        this.jwks = new RefreshingCache<>("the JWKS", this::loadJwks, config.cacheTtl(),
                config.retryBackoff(), config.retryBackoffMax(), clock);
    }

    /** The provider's metadata (or the configured endpoints), from the cache when it has them. */
    public CompletionStage<ProviderInfo> metadata() {
        return metadata.get();
    }

    /** Starts loading metadata and keys in the background; never fails, never blocks. */
    public void prefetch() {
        metadata().exceptionally(e -> null);
    }

    @Override
    public CompletionStage<JWKSet> keys() {
        return jwks.get();
    }

    /** An unknown {@code kid}: refresh the JWKS, at most once per {@code OIDC_JWKS_REFRESH_INTERVAL}. */
    @Override
    public CompletionStage<JWKSet> keysAfterUnknownKid() {
        return jwks.refreshAtMostEvery(config.jwksRefreshInterval());
    }

    /** The token endpoint's answer to {@code grant}: a token response with an ID token and a Bearer access token. */
    public CompletionStage<OIDCTokens> token(ProviderInfo info, AuthorizationGrant grant) {
        return tokens.request(info, grant);
    }

    /** A refresh token grant (RFC 6749 §6); {@code invalid_grant} fails with OIDC801. */
    public CompletionStage<RefreshedTokens> refresh(ProviderInfo info, String refreshToken) {
        return tokens.refresh(info, refreshToken);
    }

    /** Revokes {@code refreshToken} at the provider's {@code revocation_endpoint} (RFC 7009). */
    public CompletionStage<Void> revoke(ProviderInfo info, String refreshToken) {
        return tokens.revoke(info, refreshToken);
    }

    /** The introspection answer for {@code token} (RFC 7662), its members as sent; the caller judges them. */
    public CompletionStage<Map<String, Object>> introspect(ProviderInfo info, String token) {
        return introspection.introspect(info, token);
    }

    /** A client credentials grant (RFC 6749 §4.4): this client's own access token, and its lifetime in seconds. */
    public CompletionStage<IssuedToken> clientCredentials(ProviderInfo info, java.util.Set<String> scopes, URI resource) {
        return tokens.clientCredentials(info, scopes, resource);
    }

    /** The UserInfo answer as a JSON object (OpenID Connect Core 1.0 §5.3), unchecked: the caller checks its claims. */
    public CompletionStage<Map<String, Object>> userInfo(ProviderInfo info, String accessToken) {
        URI url = info.userInfoEndpoint();
        return http.get(url, "application/json", "Bearer " + accessToken).thenApply(answer -> {
            answer.requireOk(url, ErrorCode.USERINFO_ERROR);
            try {
                return Json.parseObject(answer.body());
            } catch (java.text.ParseException | RuntimeException e) {
                throw new OidcException(ErrorCode.USERINFO_ERROR, "the UserInfo answer from " + url + " is not a JSON object"
                        + (answer.contentType().startsWith("application/jwt") ? " (signed UserInfo is not supported)" : ""));
            }
        });
    }

    private CompletionStage<ProviderInfo> loadMetadata() {
        if (config.skipDiscovery()) return CompletableFuture.completedFuture(Discovery.configured(config));
        URI url = Discovery.url(config);
        return http.get(url, "application/json", null).thenApply(answer -> {
            ProviderInfo info = Discovery.parseMetadata(config, answer.requireOk(url, ErrorCode.DISCOVERY_INVALID).body(), url);
            // Warm the keys so the first callback does not wait for them; a failure here is retried on demand.
            CompletableFuture.runAsync(jwks::get);
            return info;
        });
    }

    private CompletionStage<JWKSet> loadJwks() {
        return metadata().thenCompose(info -> http.get(info.jwksUri(), "application/json, application/jwk-set+json", null)
                .thenApply(answer -> Discovery.parseJwks(answer.requireOk(info.jwksUri(), ErrorCode.JWKS_INVALID).body(),
                        info.jwksUri())));
    }
}
