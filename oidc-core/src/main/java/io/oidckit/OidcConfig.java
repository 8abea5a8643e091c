package io.oidckit;

import io.oidckit.OidcConfigException.Problem;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a relying party needs to know, as one immutable value. Build it from the environment
 * ({@link #fromEnvironment()}, the names of docs/contract.md), from a {@code Map} with the same names
 * ({@link #fromMap(Map)}, which is how the Spring, Micronaut and Vert.x adapters map their own configuration), or
 * with {@link #builder()}.
 *
 * <p>{@link Builder#build()} checks every setting and reports all problems at once in an
 * {@link OidcConfigException}, one line per setting. Secrets ({@code OIDC_CLIENT_SECRET},
 * {@code OIDC_SESSION_SECRET}, the private key) never appear in {@link #toString()} or any message.
 * Every setting and its default is listed in {@code docs/configuration.md}.
 */
public final class OidcConfig {

    /** How the client authenticates at the token endpoint (OpenID Connect Core 1.0 §9). */
    public enum ClientAuthMethod {
        CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT;

        static ClientAuthMethod parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** The name used in the specs and in discovery metadata, for example {@code client_secret_basic}. */
        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * When the UserInfo endpoint is called at login ({@code OIDC_FETCH_USERINFO}). {@link #AUTO} decides as Spring
     * Security's {@code OidcUserService} does: when the provider has the endpoint and the scopes ask for claims that
     * providers often deliver only there ({@code profile}, {@code email}, {@code address}, {@code phone}).
     */
    public enum FetchUserInfo {
        AUTO, ALWAYS, NEVER;

        static FetchUserInfo parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "true" -> ALWAYS;
                case "false" -> NEVER;
                default -> throw new IllegalArgumentException(value);
            };
        }
    }

    /** The scopes whose claims a provider may deliver only through UserInfo (OpenID Connect Core 1.0 §5.4). */
    static final Set<String> USERINFO_SCOPES = Set.of("profile", "email", "address", "phone");

    // No EdDSA: nimbus-jose-jwt verifies Ed25519 only through Google Tink, which the core does not bring.
    static final Set<String> ASYMMETRIC_ALGS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final Set<String> HMAC_ALGS = Set.of("HS256", "HS384", "HS512");

    private final URI authority;
    private final String clientId;
    private final String clientSecret;
    private final ClientAuthMethod clientAuthMethod;
    private final String clientPrivateKeyJwk;
    private final URI redirectUri;
    private final List<String> scopes;
    private final boolean skipDiscovery;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final URI jwksUri;
    private final URI userInfoEndpoint;
    private final URI endSessionEndpoint;
    private final URI postLogoutRedirectUri;
    private final String rolesClaim;
    private final String sessionSecret;
    private final String basePath;
    private final FetchUserInfo fetchUserInfo;
    private final Set<String> idTokenSigningAlgs;
    private final Duration clockSkew;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final long maxResponseBytes;
    private final Duration cacheTtl;
    private final Duration jwksRefreshInterval;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final int maxPendingLogins;
    private final Duration pendingLoginTtl;
    private final Duration sessionMaxAge;
    private final boolean allowInsecureHttp;
    private final List<AccessRule> accessRules;

    private OidcConfig(Builder b) {
        this.authority = b.authority;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.clientAuthMethod = b.clientAuthMethod;
        this.clientPrivateKeyJwk = b.clientPrivateKeyJwk;
        this.redirectUri = b.redirectUri;
        LinkedHashSet<String> s = new LinkedHashSet<>();
        s.add("openid"); // OpenID Connect Core 1.0 §3.1.2.1: without it the request is plain OAuth
        s.addAll(b.scopes);
        this.scopes = List.copyOf(s);
        this.skipDiscovery = b.skipDiscovery;
        this.authorizationEndpoint = b.authorizationEndpoint;
        this.tokenEndpoint = b.tokenEndpoint;
        this.jwksUri = b.jwksUri;
        this.userInfoEndpoint = b.userInfoEndpoint;
        this.endSessionEndpoint = b.endSessionEndpoint;
        this.basePath = normaliseBasePath(b.basePath);
        this.postLogoutRedirectUri = b.postLogoutRedirectUri != null ? b.postLogoutRedirectUri
                : b.redirectUri == null ? null : b.redirectUri.resolve(this.basePath);
        this.rolesClaim = b.rolesClaim;
        this.sessionSecret = b.sessionSecret;
        this.fetchUserInfo = b.fetchUserInfo;
        this.idTokenSigningAlgs = Set.copyOf(b.idTokenSigningAlgs);
        this.clockSkew = b.clockSkew;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.cacheTtl = b.cacheTtl;
        this.jwksRefreshInterval = b.jwksRefreshInterval;
        this.retryBackoff = b.retryBackoff;
        this.retryBackoffMax = b.retryBackoffMax;
        this.maxPendingLogins = b.maxPendingLogins;
        this.pendingLoginTtl = b.pendingLoginTtl;
        this.sessionMaxAge = b.sessionMaxAge;
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.accessRules = List.copyOf(b.accessRules);
    }

    /** Reads the contract's environment variables ({@code OIDC_*}, {@code URL_BASE_PATHNAME}). */
    public static OidcConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /**
     * Reads settings from a map keyed by the environment variable names. Unknown keys are ignored, so the whole
     * environment can be passed. Blank values count as unset.
     */
    public static OidcConfig fromMap(Map<String, String> settings) {
        return builder().apply(settings).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The issuer URL; discovery is read from {@code {authority}/.well-known/openid-configuration}. */
    public URI authority() { return authority; }
    public String clientId() { return clientId; }
    /** The client secret, or {@code null} for a client that authenticates with a private key. */
    public String clientSecret() { return clientSecret; }
    public ClientAuthMethod clientAuthMethod() { return clientAuthMethod; }
    /** The private key for {@code private_key_jwt}, as a JWK JSON object, or {@code null}. */
    public String clientPrivateKeyJwk() { return clientPrivateKeyJwk; }
    public URI redirectUri() { return redirectUri; }
    /** The scopes sent with every login; {@code openid} is always first. */
    public List<String> scopes() { return scopes; }
    public boolean skipDiscovery() { return skipDiscovery; }
    public URI authorizationEndpoint() { return authorizationEndpoint; }
    public URI tokenEndpoint() { return tokenEndpoint; }
    public URI jwksUri() { return jwksUri; }
    public URI userInfoEndpoint() { return userInfoEndpoint; }
    public URI endSessionEndpoint() { return endSessionEndpoint; }
    /** Where the provider sends the browser after logout; by default the app's base URL. */
    public URI postLogoutRedirectUri() { return postLogoutRedirectUri; }
    /** The claim that holds roles; a dotted path such as {@code realm_access.roles} is allowed. */
    public String rolesClaim() { return rolesClaim; }
    /** Key material for client-side state; {@code null} when unset. */
    public String sessionSecret() { return sessionSecret; }
    /** The path prefix every route lives under; always starts and ends with {@code /}. */
    public String basePath() { return basePath; }
    /** When UserInfo is called at login: {@code auto} by default. */
    public FetchUserInfo fetchUserInfo() { return fetchUserInfo; }
    /** Whether a login against a provider with a UserInfo endpoint calls it, under {@link #fetchUserInfo()}. */
    public boolean callsUserInfo() {
        return switch (fetchUserInfo) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> scopes.stream().anyMatch(USERINFO_SCOPES::contains);
        };
    }
    /** The JWS algorithms an ID token may be signed with. Never {@code none}; HMAC only when listed. */
    public Set<String> idTokenSigningAlgs() { return idTokenSigningAlgs; }
    public Duration clockSkew() { return clockSkew; }
    public Duration connectTimeout() { return connectTimeout; }
    /** The longest a whole provider answer may take, from request to last byte. */
    public Duration responseTimeout() { return responseTimeout; }
    public long maxResponseBytes() { return maxResponseBytes; }
    /** How long discovery metadata and the JWKS are used before a background refresh. */
    public Duration cacheTtl() { return cacheTtl; }
    /** The shortest time between two JWKS refreshes caused by an unknown {@code kid}. */
    public Duration jwksRefreshInterval() { return jwksRefreshInterval; }
    /** The first wait after a failed metadata or JWKS load; it doubles up to {@link #retryBackoffMax()}. */
    public Duration retryBackoff() { return retryBackoff; }
    public Duration retryBackoffMax() { return retryBackoffMax; }
    public int maxPendingLogins() { return maxPendingLogins; }
    public Duration pendingLoginTtl() { return pendingLoginTtl; }
    /** How long a local session lasts after login, whatever the framework's idle timeout says. */
    public Duration sessionMaxAge() { return sessionMaxAge; }
    public boolean allowInsecureHttp() { return allowInsecureHttp; }
    /** The protected routes, first match wins. */
    public List<AccessRule> accessRules() { return accessRules; }

    /** A copy with other access rules, for adapters that read rules from their framework's own configuration. */
    public OidcConfig withAccessRules(List<AccessRule> rules) {
        Builder b = toBuilder();
        b.accessRules.clear();
        b.accessRules.addAll(rules);
        return b.build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.authority = authority;
        b.clientId = clientId;
        b.clientSecret = clientSecret;
        b.clientAuthMethod = clientAuthMethod;
        b.clientPrivateKeyJwk = clientPrivateKeyJwk;
        b.redirectUri = redirectUri;
        b.scopes = new ArrayList<>(scopes);
        b.skipDiscovery = skipDiscovery;
        b.authorizationEndpoint = authorizationEndpoint;
        b.tokenEndpoint = tokenEndpoint;
        b.jwksUri = jwksUri;
        b.userInfoEndpoint = userInfoEndpoint;
        b.endSessionEndpoint = endSessionEndpoint;
        b.postLogoutRedirectUri = postLogoutRedirectUri;
        b.rolesClaim = rolesClaim;
        b.sessionSecret = sessionSecret;
        b.basePath = basePath;
        b.fetchUserInfo = fetchUserInfo;
        b.idTokenSigningAlgs = new LinkedHashSet<>(idTokenSigningAlgs);
        b.clockSkew = clockSkew;
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.maxResponseBytes = maxResponseBytes;
        b.cacheTtl = cacheTtl;
        b.jwksRefreshInterval = jwksRefreshInterval;
        b.retryBackoff = retryBackoff;
        b.retryBackoffMax = retryBackoffMax;
        b.maxPendingLogins = maxPendingLogins;
        b.pendingLoginTtl = pendingLoginTtl;
        b.sessionMaxAge = sessionMaxAge;
        b.allowInsecureHttp = allowInsecureHttp;
        b.accessRules.addAll(accessRules);
        return b;
    }

    @Override
    public String toString() {
        return "OidcConfig{authority=" + authority + ", clientId=" + clientId
                + ", clientSecret=" + mask(clientSecret) + ", clientAuthMethod=" + clientAuthMethod.specName()
                + ", clientPrivateKey=" + mask(clientPrivateKeyJwk) + ", redirectUri=" + redirectUri
                + ", scopes=" + scopes + ", skipDiscovery=" + skipDiscovery + ", rolesClaim=" + rolesClaim
                + ", sessionSecret=" + mask(sessionSecret) + ", basePath=" + basePath
                + ", fetchUserInfo=" + fetchUserInfo.name().toLowerCase(Locale.ROOT) + ", idTokenSigningAlgs=" + idTokenSigningAlgs
                + ", accessRules=" + accessRules + "}";
    }

    private static String mask(String secret) {
        return secret == null ? "(unset)" : "(set)";
    }

    static String normaliseBasePath(String raw) {
        String p = raw == null || raw.isBlank() ? "/" : raw.trim();
        if (!p.startsWith("/")) p = "/" + p;
        if (!p.endsWith("/")) p = p + "/";
        return p;
    }

    /** Builds an {@link OidcConfig}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private URI authority;
        private String clientId;
        private String clientSecret;
        private ClientAuthMethod clientAuthMethod = ClientAuthMethod.CLIENT_SECRET_BASIC;
        private String clientPrivateKeyJwk;
        private URI redirectUri;
        private List<String> scopes = new ArrayList<>(List.of("openid", "email", "profile"));
        private boolean skipDiscovery;
        private URI authorizationEndpoint;
        private URI tokenEndpoint;
        private URI jwksUri;
        private URI userInfoEndpoint;
        private URI endSessionEndpoint;
        private URI postLogoutRedirectUri;
        private String rolesClaim = "groups";
        private String sessionSecret;
        private String basePath = "/";
        private FetchUserInfo fetchUserInfo = FetchUserInfo.AUTO;
        // What a client registers unless it says otherwise (Dynamic Client Registration 1.0 §2,
        // id_token_signed_response_alg), not what the provider happens to offer.
        private Set<String> idTokenSigningAlgs = new LinkedHashSet<>(List.of("RS256"));
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(10);
        private long maxResponseBytes = 1024 * 1024;
        private Duration cacheTtl = Duration.ofMinutes(10);
        private Duration jwksRefreshInterval = Duration.ofSeconds(30);
        private Duration retryBackoff = Duration.ofSeconds(1);
        private Duration retryBackoffMax = Duration.ofSeconds(30);
        private int maxPendingLogins = 10;
        private Duration pendingLoginTtl = Duration.ofMinutes(10);
        private Duration sessionMaxAge = Duration.ofHours(8);
        private boolean allowInsecureHttp;
        private final List<AccessRule> accessRules = new ArrayList<>();
        // Values that could not even be parsed; reported by build() together with everything else.
        private final List<Problem> parseProblems = new ArrayList<>();
        private final Set<String> unparsable = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder authority(String v) { authority = uri("OIDC_AUTHORITY", v); return this; }
        public Builder clientId(String v) { clientId = blankToNull(v); return this; }
        public Builder clientSecret(String v) { clientSecret = blankToNull(v); return this; }
        public Builder clientAuthMethod(ClientAuthMethod v) { clientAuthMethod = Objects.requireNonNull(v); return this; }
        /** The client's private key as a JWK JSON object (RSA or EC, with {@code kid}), for {@code private_key_jwt}. */
        public Builder clientPrivateKeyJwk(String v) { clientPrivateKeyJwk = blankToNull(v); return this; }
        public Builder redirectUri(String v) { redirectUri = uri("OIDC_REDIRECT_URI", v); return this; }
        /** Space-separated scopes; {@code openid} is added when missing. */
        public Builder scope(String v) {
            if (blankToNull(v) != null) scopes = new ArrayList<>(Arrays.asList(v.trim().split("\\s+")));
            return this;
        }
        public Builder skipDiscovery(boolean v) { skipDiscovery = v; return this; }
        public Builder authorizationEndpoint(String v) { authorizationEndpoint = uri("OIDC_AUTHORIZATION_ENDPOINT", v); return this; }
        public Builder tokenEndpoint(String v) { tokenEndpoint = uri("OIDC_TOKEN_ENDPOINT", v); return this; }
        public Builder jwksUri(String v) { jwksUri = uri("OIDC_JWKS_URI", v); return this; }
        public Builder userInfoEndpoint(String v) { userInfoEndpoint = uri("OIDC_USERINFO_ENDPOINT", v); return this; }
        public Builder endSessionEndpoint(String v) { endSessionEndpoint = uri("OIDC_END_SESSION_ENDPOINT", v); return this; }
        public Builder postLogoutRedirectUri(String v) { postLogoutRedirectUri = uri("OIDC_POST_LOGOUT_REDIRECT_URI", v); return this; }
        public Builder rolesClaim(String v) { if (blankToNull(v) != null) rolesClaim = v.trim(); return this; }
        public Builder sessionSecret(String v) { sessionSecret = blankToNull(v); return this; }
        public Builder basePath(String v) { basePath = v; return this; }
        /** {@code true}: always call UserInfo at login; {@code false}: never. */
        public Builder fetchUserInfo(boolean v) { fetchUserInfo = v ? FetchUserInfo.ALWAYS : FetchUserInfo.NEVER; return this; }
        public Builder fetchUserInfo(FetchUserInfo v) { fetchUserInfo = Objects.requireNonNull(v); return this; }
        /** The allowed ID token algorithms. HMAC ({@code HS256}…) is allowed only when listed here. */
        public Builder idTokenSigningAlgs(Set<String> v) { idTokenSigningAlgs = new LinkedHashSet<>(v); return this; }
        public Builder clockSkew(Duration v) { clockSkew = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder responseTimeout(Duration v) { responseTimeout = v; return this; }
        public Builder maxResponseBytes(long v) { maxResponseBytes = v; return this; }
        public Builder cacheTtl(Duration v) { cacheTtl = v; return this; }
        public Builder jwksRefreshInterval(Duration v) { jwksRefreshInterval = v; return this; }
        public Builder retryBackoff(Duration first, Duration max) { retryBackoff = first; retryBackoffMax = max; return this; }
        public Builder maxPendingLogins(int v) { maxPendingLogins = v; return this; }
        public Builder pendingLoginTtl(Duration v) { pendingLoginTtl = v; return this; }
        public Builder sessionMaxAge(Duration v) { sessionMaxAge = v; return this; }
        /** Allows {@code http://} URLs for hosts other than loopback. Never use this in production. */
        public Builder allowInsecureHttp(boolean v) { allowInsecureHttp = v; return this; }
        /** Protects routes under {@code pattern} (relative to the base path) with {@code requirement}. */
        public Builder protect(String pattern, Requirement requirement) { accessRules.add(AccessRule.of(pattern, requirement)); return this; }
        /** Protects routes under {@code pattern}: any logged-in user. */
        public Builder protect(String pattern) { return protect(pattern, Requirement.authenticated()); }

        /** Applies every contract variable present in {@code s}; see {@code docs/configuration.md}. */
        public Builder apply(Map<String, String> s) {
            set(s, "OIDC_AUTHORITY", this::authority);
            set(s, "OIDC_CLIENT_ID", this::clientId);
            set(s, "OIDC_CLIENT_SECRET", this::clientSecret);
            set(s, "OIDC_CLIENT_AUTH_METHOD", v -> clientAuthMethod(ClientAuthMethod.parse(v)));
            set(s, "OIDC_CLIENT_PRIVATE_KEY", this::clientPrivateKeyJwk);
            set(s, "OIDC_REDIRECT_URI", this::redirectUri);
            set(s, "OIDC_SCOPE", this::scope);
            set(s, "OIDC_SKIP_DISCOVERY", v -> skipDiscovery(bool(v)));
            set(s, "OIDC_AUTHORIZATION_ENDPOINT", this::authorizationEndpoint);
            set(s, "OIDC_TOKEN_ENDPOINT", this::tokenEndpoint);
            set(s, "OIDC_JWKS_URI", this::jwksUri);
            set(s, "OIDC_USERINFO_ENDPOINT", this::userInfoEndpoint);
            set(s, "OIDC_END_SESSION_ENDPOINT", this::endSessionEndpoint);
            set(s, "OIDC_POST_LOGOUT_REDIRECT_URI", this::postLogoutRedirectUri);
            set(s, "OIDC_ROLES_CLAIM", this::rolesClaim);
            set(s, "OIDC_SESSION_SECRET", this::sessionSecret);
            set(s, "URL_BASE_PATHNAME", this::basePath);
            set(s, "OIDC_FETCH_USERINFO", v -> fetchUserInfo(FetchUserInfo.parse(v)));
            set(s, "OIDC_ID_TOKEN_SIGNING_ALGS", v -> idTokenSigningAlgs(new LinkedHashSet<>(Arrays.asList(v.trim().split("[\\s,]+")))));
            set(s, "OIDC_CLOCK_SKEW", v -> clockSkew(duration(v)));
            set(s, "OIDC_HTTP_CONNECT_TIMEOUT", v -> connectTimeout(duration(v)));
            set(s, "OIDC_HTTP_TIMEOUT", v -> responseTimeout(duration(v)));
            set(s, "OIDC_HTTP_MAX_RESPONSE_BYTES", v -> maxResponseBytes(Long.parseLong(v.trim())));
            set(s, "OIDC_CACHE_TTL", v -> cacheTtl(duration(v)));
            set(s, "OIDC_JWKS_REFRESH_INTERVAL", v -> jwksRefreshInterval(duration(v)));
            set(s, "OIDC_RETRY_BACKOFF", v -> retryBackoff = duration(v));
            set(s, "OIDC_RETRY_BACKOFF_MAX", v -> retryBackoffMax = duration(v));
            set(s, "OIDC_MAX_PENDING_LOGINS", v -> maxPendingLogins(Integer.parseInt(v.trim())));
            set(s, "OIDC_PENDING_LOGIN_TTL", v -> pendingLoginTtl(duration(v)));
            set(s, "OIDC_SESSION_MAX_AGE", v -> sessionMaxAge(duration(v)));
            set(s, "OIDC_ALLOW_INSECURE_HTTP", v -> allowInsecureHttp(bool(v)));
            set(s, "OIDC_PROTECT", v -> accessRules.addAll(AccessRule.parseList(v)));
            return this;
        }

        private void set(Map<String, String> s, String name, java.util.function.Consumer<String> setter) {
            String v = s.get(name);
            if (v == null || v.isBlank()) return;
            try {
                setter.accept(v);
            } catch (RuntimeException e) {
                malformed(name, expectation(name));
            }
        }

        private void malformed(String name, String expected) {
            if (unparsable.add(name)) parseProblems.add(new Problem(ErrorCode.CONFIG_MALFORMED, name, expected));
        }

        private URI uri(String name, String v) {
            if (blankToNull(v) == null) return null;
            try {
                URI u = new URI(v.trim());
                if (!u.isAbsolute() || u.getHost() == null) throw new URISyntaxException(v, "not absolute");
                return u;
            } catch (URISyntaxException e) {
                malformed(name, "must be an absolute http(s) URL, for example " + EXAMPLE_URL.getOrDefault(name,
                        "https://login.example.com/realms/main") + ", got " + v.trim());
                return null;
            }
        }

        /**
         * Validates everything and returns the configuration, or throws one {@link OidcConfigException} that
         * lists every problem.
         */
        public OidcConfig build() {
            List<Problem> p = new ArrayList<>(parseProblems);
            require(p, "OIDC_AUTHORITY", authority);
            require(p, "OIDC_CLIENT_ID", clientId);
            require(p, "OIDC_REDIRECT_URI", redirectUri);
            if (clientAuthMethod == ClientAuthMethod.PRIVATE_KEY_JWT) {
                require(p, "OIDC_CLIENT_PRIVATE_KEY", clientPrivateKeyJwk);
            } else {
                require(p, "OIDC_CLIENT_SECRET", clientSecret);
            }
            if (clientPrivateKeyJwk != null && !io.oidckit.internal.Keys.isPrivateSigningJwk(clientPrivateKeyJwk)) {
                malformed(p, "OIDC_CLIENT_PRIVATE_KEY");
            }
            if (skipDiscovery) {
                require(p, "OIDC_AUTHORIZATION_ENDPOINT", authorizationEndpoint);
                require(p, "OIDC_TOKEN_ENDPOINT", tokenEndpoint);
                require(p, "OIDC_JWKS_URI", jwksUri);
            }
            secure(p, "OIDC_AUTHORITY", authority);
            secure(p, "OIDC_REDIRECT_URI", redirectUri);
            secure(p, "OIDC_AUTHORIZATION_ENDPOINT", authorizationEndpoint);
            secure(p, "OIDC_TOKEN_ENDPOINT", tokenEndpoint);
            secure(p, "OIDC_JWKS_URI", jwksUri);
            secure(p, "OIDC_USERINFO_ENDPOINT", userInfoEndpoint);
            secure(p, "OIDC_END_SESSION_ENDPOINT", endSessionEndpoint);
            if (redirectUri != null && (redirectUri.getRawFragment() != null)) {
                malformed(p, "OIDC_REDIRECT_URI");
            }
            String base = normaliseBasePath(basePath);
            if (!base.matches("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/") || base.contains("/../") || base.contains("/./")) {
                malformed(p, "URL_BASE_PATHNAME");
            }
            if (sessionSecret != null && sessionSecret.length() < 32) {
                malformed(p, "OIDC_SESSION_SECRET");
            }
            if (rolesClaim.isBlank() || rolesClaim.startsWith(".") || rolesClaim.endsWith(".") || rolesClaim.contains("..")) {
                malformed(p, "OIDC_ROLES_CLAIM");
            }
            for (String alg : idTokenSigningAlgs) {
                if (!ASYMMETRIC_ALGS.contains(alg) && !HMAC_ALGS.contains(alg)) {
                    malformed(p, "OIDC_ID_TOKEN_SIGNING_ALGS");
                    break;
                }
            }
            if (idTokenSigningAlgs.isEmpty()) malformed(p, "OIDC_ID_TOKEN_SIGNING_ALGS");
            if (idTokenSigningAlgs.stream().anyMatch(HMAC_ALGS::contains) && (clientSecret == null || clientSecret.length() < 32)) {
                p.add(new Problem(ErrorCode.CONFIG_MALFORMED, "OIDC_ID_TOKEN_SIGNING_ALGS",
                        "lists an HMAC algorithm, which needs OIDC_CLIENT_SECRET of at least 32 characters as its key"));
            }
            positive(p, "OIDC_CLOCK_SKEW", clockSkew, true);
            positive(p, "OIDC_HTTP_CONNECT_TIMEOUT", connectTimeout, false);
            positive(p, "OIDC_HTTP_TIMEOUT", responseTimeout, false);
            positive(p, "OIDC_CACHE_TTL", cacheTtl, false);
            positive(p, "OIDC_JWKS_REFRESH_INTERVAL", jwksRefreshInterval, true);
            positive(p, "OIDC_RETRY_BACKOFF", retryBackoff, true);
            positive(p, "OIDC_RETRY_BACKOFF_MAX", retryBackoffMax, true);
            positive(p, "OIDC_PENDING_LOGIN_TTL", pendingLoginTtl, false);
            positive(p, "OIDC_SESSION_MAX_AGE", sessionMaxAge, false);
            if (maxResponseBytes < 1024) malformed(p, "OIDC_HTTP_MAX_RESPONSE_BYTES");
            if (maxPendingLogins < 1 || maxPendingLogins > 100) malformed(p, "OIDC_MAX_PENDING_LOGINS");
            if (!p.isEmpty()) throw new OidcConfigException(dedupe(p));
            return new OidcConfig(this);
        }

        private static List<Problem> dedupe(List<Problem> p) {
            Set<String> seen = new LinkedHashSet<>();
            return p.stream().filter(x -> seen.add(x.setting())).toList();
        }

        private void require(List<Problem> p, String name, Object value) {
            if (value == null && !unparsable.contains(name)) {
                p.add(new Problem(ErrorCode.CONFIG_MISSING, name, "is required: " + expectation(name)));
            }
        }

        private void malformed(List<Problem> p, String name) {
            p.add(new Problem(ErrorCode.CONFIG_MALFORMED, name, expectation(name)));
        }

        private void positive(List<Problem> p, String name, Duration d, boolean zeroAllowed) {
            if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) malformed(p, name);
        }

        private void secure(List<Problem> p, String name, URI u) {
            if (u == null) return;
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) return;
            if (!scheme.equals("http")) {
                malformed(p, name);
            } else if (!allowInsecureHttp && !io.oidckit.internal.Hosts.isLoopback(u.getHost())) {
                p.add(new Problem(ErrorCode.CONFIG_INSECURE, name, "must use https:// (http:// is accepted only for "
                        + "localhost, 127.0.0.0/8 and [::1], or with OIDC_ALLOW_INSECURE_HTTP=true), got " + u));
            }
        }

        private static final Map<String, String> EXAMPLE_URL = Map.of(
                "OIDC_REDIRECT_URI", "https://app.example.com/auth/callback",
                "OIDC_POST_LOGOUT_REDIRECT_URI", "https://app.example.com/",
                "OIDC_AUTHORIZATION_ENDPOINT", "https://login.example.com/authorize",
                "OIDC_TOKEN_ENDPOINT", "https://login.example.com/token",
                "OIDC_JWKS_URI", "https://login.example.com/jwks",
                "OIDC_USERINFO_ENDPOINT", "https://login.example.com/userinfo",
                "OIDC_END_SESSION_ENDPOINT", "https://login.example.com/logout");

        private static final Map<String, String> EXPECTED = Map.ofEntries(
                Map.entry("OIDC_AUTHORITY", "the issuer URL, for example https://login.example.com/realms/main"),
                Map.entry("OIDC_CLIENT_ID", "the client id registered at the provider"),
                Map.entry("OIDC_CLIENT_SECRET", "the client secret registered at the provider (or set OIDC_CLIENT_AUTH_METHOD=private_key_jwt)"),
                Map.entry("OIDC_CLIENT_AUTH_METHOD", "must be one of client_secret_basic, client_secret_post, private_key_jwt"),
                Map.entry("OIDC_CLIENT_PRIVATE_KEY", "must be a private RSA or EC key as a JWK JSON object with a kid, for private_key_jwt"),
                Map.entry("OIDC_REDIRECT_URI", "the absolute URL of this app's callback, for example https://app.example.com/auth/callback"),
                Map.entry("OIDC_SKIP_DISCOVERY", "must be true or false"),
                Map.entry("OIDC_AUTHORIZATION_ENDPOINT", "the provider's authorization endpoint URL (needed when OIDC_SKIP_DISCOVERY=true)"),
                Map.entry("OIDC_TOKEN_ENDPOINT", "the provider's token endpoint URL (needed when OIDC_SKIP_DISCOVERY=true)"),
                Map.entry("OIDC_JWKS_URI", "the provider's JWKS URL (needed when OIDC_SKIP_DISCOVERY=true)"),
                Map.entry("OIDC_USERINFO_ENDPOINT", "must be an absolute http(s) URL"),
                Map.entry("OIDC_END_SESSION_ENDPOINT", "must be an absolute http(s) URL"),
                Map.entry("OIDC_POST_LOGOUT_REDIRECT_URI", "must be an absolute http(s) URL"),
                Map.entry("OIDC_ROLES_CLAIM", "must be a claim name or a dotted path such as realm_access.roles"),
                Map.entry("OIDC_SESSION_SECRET", "must be at least 32 characters of random key material"),
                Map.entry("URL_BASE_PATHNAME", "must be a URL path such as / or /app/"),
                Map.entry("OIDC_FETCH_USERINFO", "must be auto, true or false"),
                Map.entry("OIDC_ID_TOKEN_SIGNING_ALGS", "must list JWS algorithms from RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 HS256 HS384 HS512 (never none; EdDSA is not supported)"),
                Map.entry("OIDC_CLOCK_SKEW", "must be a duration such as 60s"),
                Map.entry("OIDC_HTTP_CONNECT_TIMEOUT", "must be a positive duration such as 5s or 500ms"),
                Map.entry("OIDC_HTTP_TIMEOUT", "must be a positive duration such as 10s"),
                Map.entry("OIDC_HTTP_MAX_RESPONSE_BYTES", "must be a whole number of bytes, at least 1024"),
                Map.entry("OIDC_CACHE_TTL", "must be a positive duration such as 10m"),
                Map.entry("OIDC_JWKS_REFRESH_INTERVAL", "must be a duration such as 30s"),
                Map.entry("OIDC_RETRY_BACKOFF", "must be a duration such as 1s"),
                Map.entry("OIDC_RETRY_BACKOFF_MAX", "must be a duration such as 30s"),
                Map.entry("OIDC_MAX_PENDING_LOGINS", "must be a whole number from 1 to 100"),
                Map.entry("OIDC_PENDING_LOGIN_TTL", "must be a positive duration such as 10m"),
                Map.entry("OIDC_SESSION_MAX_AGE", "must be a positive duration such as 8h"),
                Map.entry("OIDC_ALLOW_INSECURE_HTTP", "must be true or false"),
                Map.entry("OIDC_PROTECT", "must list protected paths such as: profile, admin/** role:admin, api/** api"));

        private static String expectation(String name) {
            return EXPECTED.getOrDefault(name, "has an invalid value");
        }

        private static String blankToNull(String v) {
            return v == null || v.isBlank() ? null : v.trim();
        }

        private static boolean bool(String v) {
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) return true;
            if (t.equals("false")) return false;
            throw new IllegalArgumentException(v);
        }

        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

        /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 8h}, or a bare number of seconds; ISO-8601 also works. */
        static Duration duration(String v) {
            String t = v.trim();
            Matcher m = DURATION.matcher(t);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                Function<Long, Duration> f = switch (unit) {
                    case "ms" -> Duration::ofMillis;
                    case "m" -> Duration::ofMinutes;
                    case "h" -> Duration::ofHours;
                    default -> Duration::ofSeconds;
                };
                return f.apply(n);
            }
            return Duration.parse(t);
        }
    }
}
