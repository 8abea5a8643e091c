package io.oidckit;

import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.oidckit.settings.Setting.*;

/**
 * Everything a relying party needs to know, as one immutable value: one value per row of the {@link Setting}
 * table. Build it from any source of settings ({@link #from(SettingsSource)}: what every adapter does with its
 * framework's configuration), from the environment ({@link #fromEnvironment()}, the names of docs/contract.md),
 * from a {@code Map} with the same names ({@link #fromMap(Map)}), or with {@link #builder()}.
 *
 * <p>{@link Builder#build()} checks every setting and reports all problems at once in an
 * {@link OidcConfigException}, one line per setting, naming it as it was written. Secrets
 * ({@link Setting#secret()}) never appear in {@link #toString()} or any message. Keys that look like settings
 * but are none get one OIDC104 warning each. Every setting and its default is listed in
 * {@code docs/configuration.md}.
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
                default -> throw new IllegalArgumentException("not auto, true or false");
            };
        }

        String text() {
            return this == AUTO ? "auto" : this == ALWAYS ? "true" : "false";
        }
    }

    /** Where the signed-in user lives: the framework's session (memory, Redis) or sealed cookies; docs/replicas.md. */
    public enum SessionMode { FRAMEWORK, COOKIE }

    /** The scopes whose claims a provider may deliver only through UserInfo (OpenID Connect Core 1.0 §5.4). */
    static final Set<String> USERINFO_SCOPES = Set.of("profile", "email", "address", "phone");

    private final Map<Setting, Object> values;

    /** A configuration of {@code values}, checked and complete ({@link ConfigDraft#build()}). */
    OidcConfig(Map<Setting, Object> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** Reads the contract's environment variables ({@code OIDC_*}, {@code URL_BASE_PATHNAME}). */
    public static OidcConfig fromEnvironment() {
        return from(SettingsSource.environment());
    }

    /**
     * Reads settings from a map keyed by the environment variable names. Other keys are ignored, so the whole
     * environment can be passed (an unknown {@code OIDC_*} key gets a warning). Blank values count as unset.
     */
    public static OidcConfig fromMap(Map<String, String> settings) {
        return builder().apply(settings).build();
    }

    /** Reads every setting from {@code source}, the way an adapter reads its framework's configuration. */
    public static OidcConfig from(SettingsSource source) {
        return builder().apply(source).build();
    }

    public static Builder builder() {
        return new Builder(new ConfigDraft());
    }

    /** The issuer URL; discovery is read from {@code {authority}/.well-known/openid-configuration}. */
    public URI authority() { return get(OIDC_AUTHORITY); }
    public String clientId() { return get(OIDC_CLIENT_ID); }
    /** The client secret, or {@code null} for a client that authenticates with a private key. */
    public String clientSecret() { return get(OIDC_CLIENT_SECRET); }
    public ClientAuthMethod clientAuthMethod() { return get(OIDC_CLIENT_AUTH_METHOD); }
    /** The private key for {@code private_key_jwt}, as a JWK JSON object, or {@code null}. */
    public String clientPrivateKeyJwk() { return get(OIDC_CLIENT_PRIVATE_KEY); }
    public URI redirectUri() { return get(OIDC_REDIRECT_URI); }
    /** The scopes sent with every login; {@code openid} is always first. */
    public List<String> scopes() { return get(OIDC_SCOPE); }
    public boolean skipDiscovery() { return get(OIDC_SKIP_DISCOVERY); }
    public URI authorizationEndpoint() { return get(OIDC_AUTHORIZATION_ENDPOINT); }
    public URI tokenEndpoint() { return get(OIDC_TOKEN_ENDPOINT); }
    public URI jwksUri() { return get(OIDC_JWKS_URI); }
    public URI userInfoEndpoint() { return get(OIDC_USERINFO_ENDPOINT); }
    public URI endSessionEndpoint() { return get(OIDC_END_SESSION_ENDPOINT); }
    /** Where the provider sends the browser after logout; by default the app's base URL. */
    public URI postLogoutRedirectUri() { return get(OIDC_POST_LOGOUT_REDIRECT_URI); }
    /** The claim that holds roles; a dotted path such as {@code realm_access.roles} is allowed. */
    public String rolesClaim() { return get(OIDC_ROLES_CLAIM); }
    /** Key material for client-side state; {@code null} when unset. */
    public String sessionSecret() { return get(OIDC_SESSION_SECRET); }
    public SessionMode sessionMode() { return get(OIDC_SESSION_MODE); }
    /** The secrets of {@code OIDC_SESSION_SECRET} in order (the first seals, all open); empty when unset. */
    public List<String> sessionSecrets() { return ConfigValues.secrets(sessionSecret()); }
    public Duration sessionIdleTimeout() { return get(OIDC_SESSION_IDLE_TIMEOUT); }
    /** The path prefix every route lives under; always starts and ends with {@code /}. */
    public String basePath() { return get(URL_BASE_PATHNAME); }
    /** When UserInfo is called at login: {@code auto} by default. */
    public FetchUserInfo fetchUserInfo() { return get(OIDC_FETCH_USERINFO); }
    /** Whether a login against a provider with a UserInfo endpoint calls it, under {@link #fetchUserInfo()}. */
    public boolean callsUserInfo() {
        return switch (fetchUserInfo()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> scopes().stream().anyMatch(USERINFO_SCOPES::contains);
        };
    }
    /** The JWS algorithms an ID token may be signed with. Never {@code none}; HMAC only when listed. */
    public Set<String> idTokenSigningAlgs() { return get(OIDC_ID_TOKEN_SIGNING_ALGS); }
    public Duration clockSkew() { return get(OIDC_CLOCK_SKEW); }
    public Duration connectTimeout() { return get(OIDC_HTTP_CONNECT_TIMEOUT); }
    /** The longest a whole provider answer may take, from request to last byte. */
    public Duration responseTimeout() { return get(OIDC_HTTP_TIMEOUT); }
    public long maxResponseBytes() { return get(OIDC_HTTP_MAX_RESPONSE_BYTES); }
    /** How long discovery metadata and the JWKS are used before a background refresh. */
    public Duration cacheTtl() { return get(OIDC_CACHE_TTL); }
    /** The shortest time between two JWKS refreshes caused by an unknown {@code kid}. */
    public Duration jwksRefreshInterval() { return get(OIDC_JWKS_REFRESH_INTERVAL); }
    /** The first wait after a failed metadata or JWKS load; it doubles up to {@link #retryBackoffMax()}. */
    public Duration retryBackoff() { return get(OIDC_RETRY_BACKOFF); }
    public Duration retryBackoffMax() { return get(OIDC_RETRY_BACKOFF_MAX); }
    public int maxPendingLogins() { return get(OIDC_MAX_PENDING_LOGINS); }
    public Duration pendingLoginTtl() { return get(OIDC_PENDING_LOGIN_TTL); }
    /** How long a local session lasts after login, whatever the framework's idle timeout says. */
    public Duration sessionMaxAge() { return get(OIDC_SESSION_MAX_AGE); }
    public boolean allowInsecureHttp() { return get(OIDC_ALLOW_INSECURE_HTTP); }
    /** The protected routes, first match wins. */
    public List<AccessRule> accessRules() { return get(OIDC_PROTECT); }
    /** The audience a bearer token must carry; {@code null} when unset (then no route takes bearer tokens). */
    public String apiAudience() { return get(OIDC_API_AUDIENCE); }
    /** The JWT access token types accepted: {@code at+jwt} (RFC 9068), and {@code jwt} for typ JWT or none. */
    public List<String> apiJwtTypes() { return get(OIDC_API_JWT_TYPES); }
    public URI introspectionEndpoint() { return get(OIDC_INTROSPECTION_ENDPOINT); }
    /** Which bearer tokens are introspected: {@code auto} (opaque ones), {@code always} or {@code never}. */
    public String apiIntrospect() { return get(OIDC_API_INTROSPECT); }
    /** The longest an introspection answer is kept; never past the token's {@code exp}. */
    public Duration apiCacheTtl() { return get(OIDC_API_CACHE_TTL); }
    /** Redis for what replicas share (revocations; a {@code redis://} URL), {@code null} for none: this process alone. */
    public String redisUrl() { return get(OIDC_REDIS_URL); }
    public boolean keepTokens() { return get(OIDC_KEEP_TOKENS); }
    public Duration refreshGrace() { return get(OIDC_REFRESH_GRACE); }

    /**
     * The value of any setting, typed as its accessor returns it ({@link #responseTimeout()} for
     * {@code OIDC_HTTP_TIMEOUT}); {@code null} when unset.
     */
    public Object value(Setting setting) { return values.get(setting); }

    /**
     * The value of {@code setting} written as configuration would write it ({@code 10s}, {@code openid email}),
     * which reads back to the same value from any source; {@code null} when unset. Secrets are not masked here.
     */
    public String text(Setting setting) { return ConfigValues.format(setting, values.get(setting)); }

    /** A copy with other access rules, for adapters that read rules from their framework's own configuration. */
    public OidcConfig withAccessRules(List<AccessRule> rules) {
        Builder b = toBuilder();
        b.draft.put(OIDC_PROTECT, new ArrayList<>(rules));
        return b.build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(new ConfigDraft(values));
    }

    /** Every setting that is set, by its contract name; secrets only as {@code (set)}. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        values.forEach((s, v) -> {
            if (v != null) shown.put(s.envName(), s.secret() ? "(set)" : text(s));
        });
        return "OidcConfig" + shown;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Setting setting) {
        return (T) values.get(setting);
    }

    /** Builds an {@link OidcConfig}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final ConfigDraft draft;

        private Builder(ConfigDraft draft) {
            this.draft = draft;
        }

        public Builder authority(String v) { return text(OIDC_AUTHORITY, v); }
        public Builder clientId(String v) { return text(OIDC_CLIENT_ID, v); }
        public Builder clientSecret(String v) { return text(OIDC_CLIENT_SECRET, v); }
        public Builder clientAuthMethod(ClientAuthMethod v) { return put(OIDC_CLIENT_AUTH_METHOD, Objects.requireNonNull(v)); }
        /** The client's private key as a JWK JSON object (RSA or EC, with {@code kid}), for {@code private_key_jwt}. */
        public Builder clientPrivateKeyJwk(String v) { return text(OIDC_CLIENT_PRIVATE_KEY, v); }
        public Builder redirectUri(String v) { return text(OIDC_REDIRECT_URI, v); }
        /** Space- or comma-separated scopes; {@code openid} is added when missing. */
        public Builder scope(String v) { return text(OIDC_SCOPE, v); }
        public Builder skipDiscovery(boolean v) { return put(OIDC_SKIP_DISCOVERY, v); }
        public Builder authorizationEndpoint(String v) { return text(OIDC_AUTHORIZATION_ENDPOINT, v); }
        public Builder tokenEndpoint(String v) { return text(OIDC_TOKEN_ENDPOINT, v); }
        public Builder jwksUri(String v) { return text(OIDC_JWKS_URI, v); }
        public Builder userInfoEndpoint(String v) { return text(OIDC_USERINFO_ENDPOINT, v); }
        public Builder endSessionEndpoint(String v) { return text(OIDC_END_SESSION_ENDPOINT, v); }
        public Builder postLogoutRedirectUri(String v) { return text(OIDC_POST_LOGOUT_REDIRECT_URI, v); }
        public Builder rolesClaim(String v) { return text(OIDC_ROLES_CLAIM, v); }
        public Builder sessionSecret(String v) { return text(OIDC_SESSION_SECRET, v); }
        public Builder sessionMode(SessionMode v) { return put(OIDC_SESSION_MODE, Objects.requireNonNull(v)); }
        public Builder sessionIdleTimeout(Duration v) { return put(OIDC_SESSION_IDLE_TIMEOUT, v); }
        public Builder basePath(String v) { return text(URL_BASE_PATHNAME, v); }
        /** {@code true}: always call UserInfo at login; {@code false}: never. */
        public Builder fetchUserInfo(boolean v) { return put(OIDC_FETCH_USERINFO, v ? FetchUserInfo.ALWAYS : FetchUserInfo.NEVER); }
        public Builder fetchUserInfo(FetchUserInfo v) { return put(OIDC_FETCH_USERINFO, Objects.requireNonNull(v)); }
        /** The allowed ID token algorithms. HMAC ({@code HS256}…) is allowed only when listed here. */
        public Builder idTokenSigningAlgs(Set<String> v) { return put(OIDC_ID_TOKEN_SIGNING_ALGS, new LinkedHashSet<>(v)); }
        public Builder clockSkew(Duration v) { return put(OIDC_CLOCK_SKEW, v); }
        public Builder connectTimeout(Duration v) { return put(OIDC_HTTP_CONNECT_TIMEOUT, v); }
        public Builder responseTimeout(Duration v) { return put(OIDC_HTTP_TIMEOUT, v); }
        public Builder maxResponseBytes(long v) { return put(OIDC_HTTP_MAX_RESPONSE_BYTES, v); }
        public Builder cacheTtl(Duration v) { return put(OIDC_CACHE_TTL, v); }
        public Builder jwksRefreshInterval(Duration v) { return put(OIDC_JWKS_REFRESH_INTERVAL, v); }
        public Builder retryBackoff(Duration first, Duration max) { put(OIDC_RETRY_BACKOFF, first); return put(OIDC_RETRY_BACKOFF_MAX, max); }
        public Builder maxPendingLogins(int v) { return put(OIDC_MAX_PENDING_LOGINS, v); }
        public Builder pendingLoginTtl(Duration v) { return put(OIDC_PENDING_LOGIN_TTL, v); }
        public Builder sessionMaxAge(Duration v) { return put(OIDC_SESSION_MAX_AGE, v); }
        public Builder keepTokens(boolean v) { return put(OIDC_KEEP_TOKENS, v); }
        public Builder refreshGrace(Duration v) { return put(OIDC_REFRESH_GRACE, v); }
        /** Allows {@code http://} URLs for hosts other than loopback. Never use this in production. */
        public Builder allowInsecureHttp(boolean v) { return put(OIDC_ALLOW_INSECURE_HTTP, v); }
        /** Protects routes under {@code pattern} (relative to the base path) with {@code requirement}. */
        public Builder protect(String pattern, Requirement requirement) { draft.protect(List.of(AccessRule.of(pattern, requirement))); return this; }
        /** Protects routes under {@code pattern}: any logged-in user. */
        public Builder protect(String pattern) { return protect(pattern, Requirement.authenticated()); }
        /** Any setting of the table, as its text would be configured ({@code 10s}, {@code at+jwt jwt}). */
        public Builder set(Setting setting, String text) { return text(setting, text); }

        /** Applies every contract variable present in {@code s}; see {@code docs/configuration.md}. */
        public Builder apply(Map<String, String> s) { return apply(SettingsSource.of(s, Naming.ENV)); }

        /**
         * Applies every setting {@code source} has, each named in messages the way it was found there, and warns
         * (OIDC104, once each) about the keys of {@code source} that look like settings but are none.
         */
        public Builder apply(SettingsSource source) {
            draft.apply(source);
            return this;
        }

        /** Validates everything and returns the configuration, or throws one {@link OidcConfigException} listing every problem. */
        public OidcConfig build() { return draft.build(); }

        private Builder put(Setting s, Object value) {
            draft.put(s, value);
            return this;
        }

        private Builder text(Setting s, String v) {
            draft.text(s, v);
            return this;
        }
    }
}
