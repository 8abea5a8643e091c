package io.oidckit.internal.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.internal.Hosts;
import io.oidckit.internal.Json;
import io.oidckit.internal.LogText;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the provider publishes about itself, read with suspicion: the discovery document (OpenID Connect
 * Discovery 1.0 §3-4) and the JWKS (RFC 7517). Nothing here does I/O; {@link ProviderClient} fetches.
 */
final class Discovery {
    private static final System.Logger LOG = System.getLogger("io.oidckit");

    private Discovery() {
    }

    /** {@code {authority}/.well-known/openid-configuration}, a terminating slash of the authority removed (§4). */
    static URI url(OidcConfig config) {
        String authority = config.authority().toString();
        return URI.create((authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority)
                + "/.well-known/openid-configuration");
    }

    /** The endpoints configured by hand, when discovery is skipped; the issuer is the authority. */
    static ProviderInfo configured(OidcConfig config) {
        return new ProviderInfo(config.authority().toString(), config.authorizationEndpoint(), config.tokenEndpoint(),
                config.jwksUri(), config.userInfoEndpoint(), config.endSessionEndpoint(), false, config.introspectionEndpoint(), null);
    }

    static ProviderInfo parseMetadata(OidcConfig config, String body, URI url) {
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
        List<JWSAlgorithm> offered = m.getIDTokenJWSAlgs();
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
        URI authz = endpoint(config, m.getAuthorizationEndpointURI(), "authorization_endpoint", url);
        URI token = endpoint(config, m.getTokenEndpointURI(), "token_endpoint", url);
        URI jwksUri = endpoint(config, m.getJWKSetURI(), "jwks_uri", url);
        URI userinfo = m.getUserInfoEndpointURI() == null ? null : endpoint(config, m.getUserInfoEndpointURI(), "userinfo_endpoint", url);
        URI endSession = m.getEndSessionEndpointURI() == null ? null : endpoint(config, m.getEndSessionEndpointURI(), "end_session_endpoint", url);
        URI introspection = m.getIntrospectionEndpointURI() == null ? null
                : endpoint(config, m.getIntrospectionEndpointURI(), "introspection_endpoint", url);
        URI revocation = m.getRevocationEndpointURI() == null ? null
                : endpoint(config, m.getRevocationEndpointURI(), "revocation_endpoint", url);
        return new ProviderInfo(issuer, authz, token, jwksUri,
                config.userInfoEndpoint() != null ? config.userInfoEndpoint() : userinfo,
                config.endSessionEndpoint() != null ? config.endSessionEndpoint() : endSession,
                m.supportsAuthorizationResponseIssuerParam(),
                config.introspectionEndpoint() != null ? config.introspectionEndpoint() : introspection, revocation);
    }

    /** Endpoints from a discovery document obey the same https rule as configured ones. */
    private static URI endpoint(OidcConfig config, URI u, String name, URI url) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean ok = scheme.equals("https") || (scheme.equals("http")
                && (config.allowInsecureHttp() || Hosts.isLoopback(u.getHost())));
        if (!ok || u.getHost() == null) {
            throw new OidcException(ErrorCode.DISCOVERY_INVALID, "the discovery document at " + url + " gives " + name
                    + " " + u + ", which is not an https URL");
        }
        return u;
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
        int skipped = 0; // unreadable, weak or unsupported keys: worth a log line
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
}
