package io.oidckit.spring;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.Requirement;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code oidckit.*} properties. Each one is a contract setting under a Spring name
 * ({@code oidckit.client-id} is {@code OIDC_CLIENT_ID}); see the adapter's README for the table. Spring Boot binds
 * them with its relaxed rules ({@code application.yml}, {@code OIDCKIT_CLIENT_ID}, …); a plain Spring MVC
 * application gets the same names from its {@code Environment}, or declares this class as a bean.
 *
 * <p>Precedence: an {@code oidckit.*} property, when set, wins over the contract's name ({@code OIDC_AUTHORITY}, …)
 * found in the {@code Environment} (environment variables, system properties, property files). Unset
 * properties keep the core's defaults. Values are checked by the core at start-up, all problems at once.
 */
@ConfigurationProperties(prefix = SpringOidcSettings.PREFIX)
public class SpringOidcProperties {
    /** Whether the Spring Boot auto-configuration sets oidckit up. */
    private boolean enabled = true;
    /** The issuer URL; discovery is read from {authority}/.well-known/openid-configuration. OIDC_AUTHORITY. */
    private String authority;
    /** The client id registered at the provider. OIDC_CLIENT_ID. */
    private String clientId;
    /** The client secret; never logged. OIDC_CLIENT_SECRET. */
    private String clientSecret;
    /** How the client authenticates at the token endpoint (default client_secret_basic). OIDC_CLIENT_AUTH_METHOD. */
    private OidcConfig.ClientAuthMethod clientAuthMethod;
    /** The private key (a JWK JSON object with a kid) for private_key_jwt. OIDC_CLIENT_PRIVATE_KEY. */
    private String clientPrivateKey;
    /** The absolute URL of the callback; its path is where the callback route listens. OIDC_REDIRECT_URI. */
    private String redirectUri;
    /** Space-separated scopes (default "openid email profile"); openid is always sent. OIDC_SCOPE. */
    private String scope;
    /** Skip discovery and use the endpoints configured here. OIDC_SKIP_DISCOVERY. */
    private Boolean skipDiscovery;
    /** The authorization endpoint, when discovery is skipped. OIDC_AUTHORIZATION_ENDPOINT. */
    private String authorizationEndpoint;
    /** The token endpoint, when discovery is skipped. OIDC_TOKEN_ENDPOINT. */
    private String tokenEndpoint;
    /** The JWKS URL, when discovery is skipped. OIDC_JWKS_URI. */
    private String jwksUri;
    /** The UserInfo endpoint, when discovery is skipped (optional). OIDC_USERINFO_ENDPOINT. */
    private String userinfoEndpoint;
    /** The end-session endpoint, when discovery is skipped (optional). OIDC_END_SESSION_ENDPOINT. */
    private String endSessionEndpoint;
    /** Where the provider sends the browser after logout (default: the app's base URL). OIDC_POST_LOGOUT_REDIRECT_URI. */
    private String postLogoutRedirectUri;
    /** The claim holding the roles (default groups); a dotted path such as realm_access.roles works. OIDC_ROLES_CLAIM. */
    private String rolesClaim;
    /** Key material (at least 32 characters) for client-side state. OIDC_SESSION_SECRET. */
    private String sessionSecret;
    /** The path prefix every route lives under (default /). URL_BASE_PATHNAME. */
    private String basePath;
    /** When to call the UserInfo endpoint at login: auto (default), true or false. OIDC_FETCH_USERINFO. */
    private String fetchUserInfo;
    /** The JWS algorithms an ID token may be signed with; HMAC only when listed. OIDC_ID_TOKEN_SIGNING_ALGS. */
    private List<String> idTokenSigningAlgs;
    /** Allowed clock skew for exp, iat and nbf (default 60s). OIDC_CLOCK_SKEW. */
    private Duration clockSkew;
    /** Connect timeout of provider calls (default 5s). OIDC_HTTP_CONNECT_TIMEOUT. */
    private Duration connectTimeout;
    /** Whole-response timeout of provider calls (default 10s); a timeout answers 503. OIDC_HTTP_TIMEOUT. */
    private Duration timeout;
    /** The largest provider answer accepted, in bytes (default 1048576). OIDC_HTTP_MAX_RESPONSE_BYTES. */
    private Long maxResponseBytes;
    /** How long discovery metadata and keys are cached (default 10m). OIDC_CACHE_TTL. */
    private Duration cacheTtl;
    /** The shortest time between two JWKS refreshes for an unknown kid (default 30s). OIDC_JWKS_REFRESH_INTERVAL. */
    private Duration jwksRefreshInterval;
    /** The first wait after a failed metadata or key load (default 1s). OIDC_RETRY_BACKOFF. */
    private Duration retryBackoff;
    /** The longest wait between retries (default 30s). OIDC_RETRY_BACKOFF_MAX. */
    private Duration retryBackoffMax;
    /** Pending logins kept per browser (default 10). OIDC_MAX_PENDING_LOGINS. */
    private Integer maxPendingLogins;
    /** How long a started login may take (default 10m). OIDC_PENDING_LOGIN_TTL. */
    private Duration pendingLoginTtl;
    /** How long a local session lasts after login (default 8h). OIDC_SESSION_MAX_AGE. */
    private Duration sessionMaxAge;
    /** Accept http:// URLs for hosts other than loopback. Never in production. OIDC_ALLOW_INSECURE_HTTP. */
    private Boolean allowInsecureHttp;
    /**
     * Protected routes, first match wins, relative to the base path: an exact path ("profile") or a subtree
     * ("admin/**"). When set, they replace OIDC_PROTECT.
     */
    private List<Rule> protect = new ArrayList<>();

    /** One protected route. */
    public static class Rule {
        /** The path pattern, relative to the base path: "profile" or "admin/**". */
        private String pattern;
        /** Roles, any one of which is enough; empty: any signed-in user. */
        private List<String> roles = new ArrayList<>();
        /** An API route: 401/403 JSON, never a redirect or an HTML page. */
        private boolean api;

        public String getPattern() { return pattern; }
        public void setPattern(String pattern) { this.pattern = pattern; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
        public boolean isApi() { return api; }
        public void setApi(boolean api) { this.api = api; }

        AccessRule toAccessRule(int index) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException(SpringOidcSettings.PREFIX + ".protect[" + index + "].pattern is required");
            }
            List<String> named = roles == null ? List.of() : roles.stream().filter(r -> !r.isBlank()).map(String::trim).toList();
            Requirement r = named.isEmpty() ? Requirement.authenticated() : Requirement.anyRole(named.toArray(String[]::new));
            return AccessRule.of(pattern, api ? r.asApi() : r);
        }
    }

    /** The settings that are set, keyed by the contract's names ({@code OIDC_CLIENT_ID}, …). */
    Map<String, String> toSettings() {
        BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(this);
        Map<String, String> settings = new LinkedHashMap<>();
        SpringOidcSettings.NAMES.forEach((property, name) -> {
            Object value = bean.getPropertyValue(property);
            if (value != null) settings.put(name, SpringOidcSettings.text(value));
        });
        return settings;
    }

    /** The {@link #getProtect() protect} rules as the core's access rules. */
    List<AccessRule> accessRules() {
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < protect.size(); i++) rules.add(protect.get(i).toAccessRule(i));
        return rules;
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getAuthority() { return authority; }
    public void setAuthority(String authority) { this.authority = authority; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public OidcConfig.ClientAuthMethod getClientAuthMethod() { return clientAuthMethod; }
    public void setClientAuthMethod(OidcConfig.ClientAuthMethod clientAuthMethod) { this.clientAuthMethod = clientAuthMethod; }
    public String getClientPrivateKey() { return clientPrivateKey; }
    public void setClientPrivateKey(String clientPrivateKey) { this.clientPrivateKey = clientPrivateKey; }
    public String getRedirectUri() { return redirectUri; }
    public void setRedirectUri(String redirectUri) { this.redirectUri = redirectUri; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public Boolean getSkipDiscovery() { return skipDiscovery; }
    public void setSkipDiscovery(Boolean skipDiscovery) { this.skipDiscovery = skipDiscovery; }
    public String getAuthorizationEndpoint() { return authorizationEndpoint; }
    public void setAuthorizationEndpoint(String authorizationEndpoint) { this.authorizationEndpoint = authorizationEndpoint; }
    public String getTokenEndpoint() { return tokenEndpoint; }
    public void setTokenEndpoint(String tokenEndpoint) { this.tokenEndpoint = tokenEndpoint; }
    public String getJwksUri() { return jwksUri; }
    public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
    public String getUserinfoEndpoint() { return userinfoEndpoint; }
    public void setUserinfoEndpoint(String userinfoEndpoint) { this.userinfoEndpoint = userinfoEndpoint; }
    public String getEndSessionEndpoint() { return endSessionEndpoint; }
    public void setEndSessionEndpoint(String endSessionEndpoint) { this.endSessionEndpoint = endSessionEndpoint; }
    public String getPostLogoutRedirectUri() { return postLogoutRedirectUri; }
    public void setPostLogoutRedirectUri(String postLogoutRedirectUri) { this.postLogoutRedirectUri = postLogoutRedirectUri; }
    public String getRolesClaim() { return rolesClaim; }
    public void setRolesClaim(String rolesClaim) { this.rolesClaim = rolesClaim; }
    public String getSessionSecret() { return sessionSecret; }
    public void setSessionSecret(String sessionSecret) { this.sessionSecret = sessionSecret; }
    public String getBasePath() { return basePath; }
    public void setBasePath(String basePath) { this.basePath = basePath; }
    public String getFetchUserInfo() { return fetchUserInfo; }
    public void setFetchUserInfo(String fetchUserInfo) { this.fetchUserInfo = fetchUserInfo; }
    public List<String> getIdTokenSigningAlgs() { return idTokenSigningAlgs; }
    public void setIdTokenSigningAlgs(List<String> idTokenSigningAlgs) { this.idTokenSigningAlgs = idTokenSigningAlgs; }
    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Long getMaxResponseBytes() { return maxResponseBytes; }
    public void setMaxResponseBytes(Long maxResponseBytes) { this.maxResponseBytes = maxResponseBytes; }
    public Duration getCacheTtl() { return cacheTtl; }
    public void setCacheTtl(Duration cacheTtl) { this.cacheTtl = cacheTtl; }
    public Duration getJwksRefreshInterval() { return jwksRefreshInterval; }
    public void setJwksRefreshInterval(Duration jwksRefreshInterval) { this.jwksRefreshInterval = jwksRefreshInterval; }
    public Duration getRetryBackoff() { return retryBackoff; }
    public void setRetryBackoff(Duration retryBackoff) { this.retryBackoff = retryBackoff; }
    public Duration getRetryBackoffMax() { return retryBackoffMax; }
    public void setRetryBackoffMax(Duration retryBackoffMax) { this.retryBackoffMax = retryBackoffMax; }
    public Integer getMaxPendingLogins() { return maxPendingLogins; }
    public void setMaxPendingLogins(Integer maxPendingLogins) { this.maxPendingLogins = maxPendingLogins; }
    public Duration getPendingLoginTtl() { return pendingLoginTtl; }
    public void setPendingLoginTtl(Duration pendingLoginTtl) { this.pendingLoginTtl = pendingLoginTtl; }
    public Duration getSessionMaxAge() { return sessionMaxAge; }
    public void setSessionMaxAge(Duration sessionMaxAge) { this.sessionMaxAge = sessionMaxAge; }
    public Boolean getAllowInsecureHttp() { return allowInsecureHttp; }
    public void setAllowInsecureHttp(Boolean allowInsecureHttp) { this.allowInsecureHttp = allowInsecureHttp; }
    public List<Rule> getProtect() { return protect; }
    public void setProtect(List<Rule> protect) { this.protect = protect; }

    /** Names which settings are set; secrets only as "(set)". */
    @Override
    public String toString() {
        return "SpringOidcProperties{authority=" + authority + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "(unset)" : "(set)") + ", redirectUri=" + redirectUri
                + ", protect=" + protect.size() + " rules}";
    }
}
