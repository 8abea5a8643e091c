package io.oidckit.internal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The provider as the relying party sees it: its metadata and its signing keys, both cached. */
final class Provider implements IdTokenVerifier.KeySource {
    private static final System.Logger LOG = System.getLogger("io.oidckit");

    private final OidcConfig config;
    private final ProviderHttp http;
    private final RefreshingCache<ProviderInfo> metadata;
    private final RefreshingCache<JWKSet> jwks;

    Provider(OidcConfig config, ProviderHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.metadata = new RefreshingCache<>("discovery metadata", this::loadMetadata, config.cacheTtl(),
                config.retryBackoff(), config.retryBackoffMax(), clock);
        this.jwks = new RefreshingCache<>("the JWKS", this::loadJwks, config.cacheTtl(),
                config.retryBackoff(), config.retryBackoffMax(), clock);
    }

    ProviderHttp http() {
        return http;
    }

    CompletionStage<ProviderInfo> metadata() {
        return metadata.get();
    }

    ProviderInfo cachedMetadata() {
        return metadata.peek();
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

    private CompletionStage<ProviderInfo> loadMetadata() {
        if (config.skipDiscovery()) {
            return CompletableFuture.completedFuture(new ProviderInfo(config.authority().toString(),
                    config.authorizationEndpoint(), config.tokenEndpoint(), config.jwksUri(),
                    config.userInfoEndpoint(), config.endSessionEndpoint(), false));
        }
        String authority = config.authority().toString();
        URI url = URI.create((authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority)
                + "/.well-known/openid-configuration");
        return http.get(url, "application/json", null).thenApply(answer -> {
            checkAnswer(answer, url, ErrorCode.DISCOVERY_INVALID);
            ProviderInfo info = parseDiscovery(answer.body(), url);
            // Warm the keys so the first callback does not wait for them; a failure here is retried on demand.
            jwksAfter(info);
            return info;
        });
    }

    private void jwksAfter(ProviderInfo info) {
        CompletableFuture.runAsync(() -> jwks.get());
    }

    ProviderInfo parseDiscovery(String body, URI url) {
        OIDCProviderMetadata m;
        try {
            m = OIDCProviderMetadata.parse(body);
        } catch (com.nimbusds.oauth2.sdk.ParseException | RuntimeException e) {
            throw new OidcException(ErrorCode.DISCOVERY_INVALID, "the discovery document at " + url
                    + " is not valid OpenID Provider metadata", null);
        }
        String issuer = m.getIssuer().getValue();
        // OpenID Connect Discovery 1.0 §4.3: identical, character for character. A trailing slash or a change of
        // case is another issuer, and ID tokens are checked against this exact value.
        if (!issuer.equals(config.authority().toString())) {
            throw new OidcException(ErrorCode.DISCOVERY_INVALID, "the discovery document at " + url
                    + " names issuer \"" + LogText.clean(issuer) + "\", but OIDC_AUTHORITY is \"" + config.authority()
                    + "\"; they must be identical (OpenID Connect Discovery 1.0 §4.3): if that provider is the one you "
                    + "mean, set OIDC_AUTHORITY=" + LogText.clean(issuer));
        }
        List<com.nimbusds.jose.JWSAlgorithm> offered = m.getIDTokenJWSAlgs();
        if (offered != null && offered.stream().noneMatch(a -> config.idTokenSigningAlgs().contains(a.getName()))) {
            throw new OidcException(ErrorCode.ALGORITHM_NOT_OFFERED, "the provider at " + url + " signs ID tokens with "
                    + LogText.clean(offered.toString()) + " (id_token_signing_alg_values_supported), none of which is in "
                    + "OIDC_ID_TOKEN_SIGNING_ALGS " + config.idTokenSigningAlgs() + ": set OIDC_ID_TOKEN_SIGNING_ALGS to "
                    + "the algorithm registered for this client");
        }
        if (m.getAuthorizationEndpointURI() == null || m.getTokenEndpointURI() == null || m.getJWKSetURI() == null) {
            throw new OidcException(ErrorCode.DISCOVERY_INVALID, "the discovery document at " + url
                    + " lacks authorization_endpoint, token_endpoint or jwks_uri");
        }
        URI authz = endpoint(m.getAuthorizationEndpointURI(), "authorization_endpoint", url);
        URI token = endpoint(m.getTokenEndpointURI(), "token_endpoint", url);
        URI jwksUri = endpoint(m.getJWKSetURI(), "jwks_uri", url);
        URI userinfo = m.getUserInfoEndpointURI() == null ? null : endpoint(m.getUserInfoEndpointURI(), "userinfo_endpoint", url);
        URI endSession = m.getEndSessionEndpointURI() == null ? null : endpoint(m.getEndSessionEndpointURI(), "end_session_endpoint", url);
        return new ProviderInfo(issuer, authz, token, jwksUri,
                config.userInfoEndpoint() != null ? config.userInfoEndpoint() : userinfo,
                config.endSessionEndpoint() != null ? config.endSessionEndpoint() : endSession,
                m.supportsAuthorizationResponseIssuerParam());
    }

    /** Endpoints from a discovery document obey the same https rule as configured ones. */
    private URI endpoint(URI u, String name, URI url) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean ok = scheme.equals("https") || (scheme.equals("http")
                && (config.allowInsecureHttp() || Hosts.isLoopback(u.getHost())));
        if (!ok || u.getHost() == null) {
            throw new OidcException(ErrorCode.DISCOVERY_INVALID, "the discovery document at " + url + " gives " + name
                    + " " + u + ", which is not an https URL");
        }
        return u;
    }

    private CompletionStage<JWKSet> loadJwks() {
        return metadata().thenCompose(info -> http.get(info.jwksUri(), "application/json, application/jwk-set+json", null)
                .thenApply(answer -> {
                    checkAnswer(answer, info.jwksUri(), ErrorCode.JWKS_INVALID);
                    return parseJwks(answer.body(), info.jwksUri());
                }));
    }

    /**
     * Keeps every public key fit for verifying and skips the rest (unknown types, encryption keys, symmetric keys,
     * weak or odd keys, garbage): one odd key in a provider's JWKS must not break login with the good ones, and a
     * token signed with a skipped key finds no key and is refused.
     */
    static JWKSet parseJwks(String body, URI url) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(body);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new OidcException(ErrorCode.JWKS_INVALID, "the JWKS at " + url + " is not a JSON object");
        }
        List<JWK> keys = new ArrayList<>();
        int skipped = 0; // unreadable or unsupported keys: worth a log line
        int notForSigning = 0; // encryption and symmetric keys: routine (Keycloak always publishes one)
        for (Object raw : Json.list(json, "keys")) {
            try {
                @SuppressWarnings("unchecked")
                JWK k = JWK.parse((Map<String, Object>) raw);
                // A key with use=enc is never selected for a signature either (Nimbus's JWKMatcher wants use sig or
                // none); key_ops it does not look at, so a key whose operations exclude verify is dropped here.
                if (k.getKeyType() == KeyType.OCT
                        || (k.getKeyOperations() != null && !k.getKeyOperations().contains(KeyOperation.VERIFY))) {
                    notForSigning++;
                    continue;
                }
                if (!strongEnough(k)) {
                    skipped++;
                    continue;
                }
                keys.add(k.toPublicJWK());
            } catch (java.text.ParseException | RuntimeException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.INFO, "OIDC305 skipped " + skipped + " unreadable, weak or unsupported key(s) in the JWKS at " + url);
        }
        if (notForSigning > 0) {
            LOG.log(System.Logger.Level.DEBUG, "skipped " + notForSigning + " encryption or symmetric key(s) in the JWKS at " + url);
        }
        if (keys.isEmpty()) {
            throw new OidcException(ErrorCode.JWKS_INVALID, "the JWKS at " + url + " holds no usable signing key");
        }
        return new JWKSet(keys);
    }

    /**
     * RSA of at least 2048 bits (NIST SP 800-131A). An EC or OKP key is only ever selected for a token whose
     * algorithm names its curve (ES256 and P-256, ...: Nimbus's JWKMatcher), so a key on another curve never verifies.
     */
    private static boolean strongEnough(JWK k) {
        return !(k instanceof RSAKey rsa) || rsa.size() >= 2048;
    }

    /** A provider answering 502/503/504 is down; any other non-2xx answer is a wrong answer. */
    static void checkAnswer(ProviderHttp.Answer answer, URI url, ErrorCode wrong) {
        int s = answer.status();
        if (s == 502 || s == 503 || s == 504) {
            throw new OidcException(ErrorCode.PROVIDER_UNREACHABLE, url + " answered " + s);
        }
        if (!answer.ok()) {
            throw new OidcException(wrong, url + " answered HTTP " + s);
        }
    }
}
