package io.oidckit.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.oidckit.OidcConfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code oidckit.*} configuration, for example in {@code application.yml}:
 *
 * <pre>
 * oidckit:
 *   authority: https://login.example.com/realms/main
 *   client-id: my-app
 *   client-secret: ${OIDC_CLIENT_SECRET}
 *   redirect-uri: https://app.example.com/auth/callback
 *   protect:
 *     - profile
 *     - admin/** role:admin
 *     - api/** api
 * </pre>
 *
 * Each property is the contract's environment variable of the same meaning ({@code client-id} is
 * {@code OIDC_CLIENT_ID}, {@code base-path} is {@code URL_BASE_PATHNAME}, {@code protect} is {@code OIDC_PROTECT},
 * one entry per rule) and takes the same values, so durations read {@code 10s}, {@code 5m}. A property that is set
 * wins over the environment variable; every variable this class has no property for is still read from the
 * environment. See {@link #toConfig(Map)}.
 */
@ConfigurationProperties("oidckit")
final class MicronautOidcProperties {
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** The contract's settings that were configured here, keyed by their environment variable names. */
    Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /**
     * The configuration from {@code environment} (the contract's variables, normally {@code System.getenv()}) with
     * every {@code oidckit.*} property laid over it.
     */
    OidcConfig toConfig(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(settings);
        return OidcConfig.fromMap(merged);
    }

    private void set(String variable, String value) {
        if (value == null) settings.remove(variable);
        else settings.put(variable, value);
    }

    public void setAuthority(String v) { set("OIDC_AUTHORITY", v); }
    public void setClientId(String v) { set("OIDC_CLIENT_ID", v); }
    public void setClientSecret(String v) { set("OIDC_CLIENT_SECRET", v); }
    /** {@code client_secret_basic} (default), {@code client_secret_post} or {@code private_key_jwt}. */
    public void setClientAuthMethod(String v) { set("OIDC_CLIENT_AUTH_METHOD", v); }
    /** The private key as a JWK JSON object, for {@code private_key_jwt}. */
    public void setClientPrivateKey(String v) { set("OIDC_CLIENT_PRIVATE_KEY", v); }
    public void setRedirectUri(String v) { set("OIDC_REDIRECT_URI", v); }
    /** Space-separated; {@code openid} is always sent. */
    public void setScope(String v) { set("OIDC_SCOPE", v); }
    public void setSkipDiscovery(String v) { set("OIDC_SKIP_DISCOVERY", v); }
    public void setAuthorizationEndpoint(String v) { set("OIDC_AUTHORIZATION_ENDPOINT", v); }
    public void setTokenEndpoint(String v) { set("OIDC_TOKEN_ENDPOINT", v); }
    public void setJwksUri(String v) { set("OIDC_JWKS_URI", v); }
    public void setUserinfoEndpoint(String v) { set("OIDC_USERINFO_ENDPOINT", v); }
    public void setEndSessionEndpoint(String v) { set("OIDC_END_SESSION_ENDPOINT", v); }
    public void setPostLogoutRedirectUri(String v) { set("OIDC_POST_LOGOUT_REDIRECT_URI", v); }
    /** A claim name or a dotted path such as {@code realm_access.roles}; default {@code groups}. */
    public void setRolesClaim(String v) { set("OIDC_ROLES_CLAIM", v); }
    public void setSessionSecret(String v) { set("OIDC_SESSION_SECRET", v); }
    /** {@code URL_BASE_PATHNAME}: the path prefix every route lives under, default {@code /}. */
    public void setBasePath(String v) { set("URL_BASE_PATHNAME", v); }
    public void setFetchUserinfo(String v) { set("OIDC_FETCH_USERINFO", v); }
    public void setHttpConnectTimeout(String v) { set("OIDC_HTTP_CONNECT_TIMEOUT", v); }
    public void setHttpTimeout(String v) { set("OIDC_HTTP_TIMEOUT", v); }
    public void setClockSkew(String v) { set("OIDC_CLOCK_SKEW", v); }
    public void setSessionMaxAge(String v) { set("OIDC_SESSION_MAX_AGE", v); }
    /** Allows {@code http://} for hosts other than loopback. Never in production. */
    public void setAllowInsecureHttp(String v) { set("OIDC_ALLOW_INSECURE_HTTP", v); }

    /** The protected routes, one rule per entry in the {@code OIDC_PROTECT} syntax: {@code admin/** role:admin}. */
    public void setProtect(List<String> rules) {
        set("OIDC_PROTECT", rules == null ? null : String.join(",", rules));
    }
}
