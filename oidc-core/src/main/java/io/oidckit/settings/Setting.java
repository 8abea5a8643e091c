package io.oidckit.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of oidckit, once: the table that {@code OidcConfig}, every adapter's configuration binding, the
 * Spring Boot metadata and {@code docs/configuration.md} all follow.
 *
 * <p>A constant's name is the contract's environment variable (docs/contract.md). Every other spelling follows
 * from it by one rule, so no adapter lists names of its own: the {@link #key() key} is the name without its
 * {@code OIDC_} prefix, in lower case, {@code _} written {@code -} ({@code OIDC_HTTP_TIMEOUT} is
 * {@code http-timeout}, {@code URL_BASE_PATHNAME} is {@code url-base-pathname}); properties put {@code oidckit.}
 * before it ({@link #property()}, Spring and Micronaut), JSON writes the same words in camelCase
 * ({@link #jsonKey()}, {@code httpTimeout}, Vert.x). {@link Naming} reads and writes these spellings.
 *
 * <p>In {@link #doc()} and {@link #expected()}, a setting named in braces ({@code {OIDC_SKIP_DISCOVERY}}) stands
 * for that setting, written the way the reader wrote its configuration.
 */
public enum Setting {
    OIDC_AUTHORITY(Type.URL, "required", "https://login.example.com/realms/main",
            "The issuer URL; discovery is read from {authority}/.well-known/openid-configuration, whose issuer must be identical.",
            "the issuer URL, for example https://login.example.com/realms/main"),
    OIDC_CLIENT_ID(Type.TEXT, "required", "shop",
            "The client id registered at the provider.",
            "the client id registered at the provider"),
    OIDC_CLIENT_SECRET(Type.SECRET, "required unless `private_key_jwt`", "another-client-secret",
            "The client secret, sent with HTTP Basic unless {OIDC_CLIENT_AUTH_METHOD} says otherwise; never logged.",
            "the client secret registered at the provider (or set {OIDC_CLIENT_AUTH_METHOD}=private_key_jwt)"),
    OIDC_REDIRECT_URI(Type.URL, "required", "https://app.example.com/auth/callback",
            "Absolute URL of the callback; its path is where the callback route listens, https makes the cookie Secure.",
            "the absolute URL of this app's callback, for example https://app.example.com/auth/callback"),
    OIDC_SCOPE(Type.WORDS, "=openid email profile", "openid profile groups",
            "The scopes of every login, space- or comma-separated; openid is always sent.",
            "must list scopes such as openid email profile"),
    OIDC_SKIP_DISCOVERY(Type.FLAG, "=false", "true",
            "true: the endpoints are configured here (the authorization and token endpoints and the JWKS URL are required then), the issuer is the authority.",
            "must be true or false"),
    OIDC_AUTHORIZATION_ENDPOINT(Type.URL, "from discovery", "https://login.example.com/authorize",
            "The provider's authorization endpoint, when {OIDC_SKIP_DISCOVERY} is true.",
            "the provider's authorization endpoint URL (needed when {OIDC_SKIP_DISCOVERY}=true)"),
    OIDC_TOKEN_ENDPOINT(Type.URL, "from discovery", "https://login.example.com/token",
            "The provider's token endpoint, when {OIDC_SKIP_DISCOVERY} is true.",
            "the provider's token endpoint URL (needed when {OIDC_SKIP_DISCOVERY}=true)"),
    OIDC_JWKS_URI(Type.URL, "from discovery", "https://login.example.com/jwks",
            "The provider's JWKS URL, when {OIDC_SKIP_DISCOVERY} is true.",
            "the provider's JWKS URL (needed when {OIDC_SKIP_DISCOVERY}=true)"),
    OIDC_USERINFO_ENDPOINT(Type.URL, "from discovery", "https://login.example.com/userinfo",
            "The provider's UserInfo endpoint, when {OIDC_SKIP_DISCOVERY} is true (optional).",
            "must be an absolute http(s) URL"),
    OIDC_END_SESSION_ENDPOINT(Type.URL, "from discovery", "https://login.example.com/logout",
            "The provider's end-session endpoint, when {OIDC_SKIP_DISCOVERY} is true (optional).",
            "must be an absolute http(s) URL"),
    OIDC_POST_LOGOUT_REDIRECT_URI(Type.URL, "the app's base URL", "https://app.example.com/",
            "Where the provider sends the browser after logout; by default the redirect URI's origin plus the base path.",
            "must be an absolute http(s) URL"),
    OIDC_ROLES_CLAIM(Type.TEXT, "=groups", "realm_access.roles",
            "The claim holding the roles: a name or a dotted path such as realm_access.roles.",
            "must be a claim name or a dotted path such as realm_access.roles"),
    OIDC_SESSION_SECRET(Type.SECRET, "unset; required in cookie mode", "a-session-secret-of-32-characters",
            "Key material for what the browser keeps sealed (the session in cookie mode, pending logins in either mode): one or more secrets of at least 32 characters, space- or comma-separated; the first seals, all open, so keys rotate. Never logged.",
            "must be one or more secrets of at least 32 characters each, space- or comma-separated"),
    OIDC_SESSION_MODE(Type.CHOICE, "=framework", "cookie",
            "Where the signed-in user lives: framework (the framework's server-side session, in memory or a store such as Redis) or cookie (sealed cookies, no server-side state; needs {OIDC_SESSION_SECRET}).",
            "must be framework or cookie", "framework", "cookie"),
    OIDC_SESSION_IDLE_TIMEOUT(Type.DURATION, "=1h", "30m",
            "Cookie mode: the session ends after this long without a request (framework mode: the framework's own idle timeout).",
            "must be a positive duration such as 30m"),
    URL_BASE_PATHNAME(Type.TEXT, "=/", "/app/",
            "The path prefix every route lives under; with a servlet context path, include it.",
            "must be a URL path such as / or /app/"),
    OIDC_PROTECT(Type.RULES, "none", "profile, admin/** role:admin, api/** api",
            "Protected routes relative to the base path, first match wins: profile, admin/** role:admin, api/** api.",
            "must list protected paths such as: profile, admin/** role:admin, api/** api"),
    OIDC_CLIENT_AUTH_METHOD(Type.CHOICE, "=client_secret_basic", "client_secret_post",
            "How the client authenticates at the token endpoint.",
            "must be one of client_secret_basic, client_secret_post, private_key_jwt", "client_secret_basic",
            "client_secret_post", "private_key_jwt"),
    OIDC_CLIENT_PRIVATE_KEY(Type.SECRET, "unset", null,
            "For private_key_jwt: the private RSA or EC key as a JWK JSON object with a kid; never logged.",
            "must be a private RSA or EC key as a JWK JSON object with a kid, for private_key_jwt"),
    OIDC_FETCH_USERINFO(Type.CHOICE, "=auto", "false",
            "When login calls the UserInfo endpoint: auto (when the scopes ask for profile, email, address or phone), true or false.",
            "must be auto, true or false", "auto", "true", "false"),
    OIDC_ID_TOKEN_SIGNING_ALGS(Type.WORDS, "=RS256", "RS256 ES256",
            "The JWS algorithms an ID token may be signed with, space- or comma-separated; HMAC only when listed, never none.",
            "must list JWS algorithms from RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 HS256 HS384 HS512 (never none; EdDSA is not supported)",
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512"),
    OIDC_CLOCK_SKEW(Type.DURATION, "=60s", "90s",
            "Tolerance for exp, iat and nbf.",
            "must be a duration such as 60s"),
    OIDC_HTTP_CONNECT_TIMEOUT(Type.DURATION, "=5s", "2s",
            "Connect timeout of every provider call.",
            "must be a positive duration such as 5s or 500ms"),
    OIDC_HTTP_TIMEOUT(Type.DURATION, "=10s", "20s",
            "Whole-answer timeout of every provider call; a timed-out call answers 503.",
            "must be a positive duration such as 10s"),
    OIDC_HTTP_MAX_RESPONSE_BYTES(Type.BYTES, "=1048576", "65536",
            "The largest provider answer accepted, in bytes; larger is a 502.",
            "must be a whole number of bytes, at least 1024"),
    OIDC_CACHE_TTL(Type.DURATION, "=10m", "5m",
            "How long discovery metadata and the JWKS are used before a background refresh.",
            "must be a positive duration such as 10m"),
    OIDC_JWKS_REFRESH_INTERVAL(Type.DURATION, "=30s", "1m",
            "At most one JWKS refresh per interval caused by an unknown kid.",
            "must be a duration such as 30s"),
    OIDC_RETRY_BACKOFF(Type.DURATION, "=1s", "2s",
            "The first wait after a failed metadata or JWKS load; it doubles up to {OIDC_RETRY_BACKOFF_MAX}.",
            "must be a duration such as 1s"),
    OIDC_RETRY_BACKOFF_MAX(Type.DURATION, "=30s", "1m",
            "The longest wait between two metadata or JWKS loads after failures.",
            "must be a duration such as 30s"),
    OIDC_MAX_PENDING_LOGINS(Type.COUNT, "=10", "5",
            "Pending logins kept per browser session; the oldest is dropped first.",
            "must be a whole number from 1 to 100"),
    OIDC_PENDING_LOGIN_TTL(Type.DURATION, "=10m", "5m",
            "A login attempt must come back within this.",
            "must be a positive duration such as 10m"),
    OIDC_SESSION_MAX_AGE(Type.DURATION, "=8h", "12h",
            "The local session ends this long after login, whatever the framework's idle timeout.",
            "must be a positive duration such as 8h"),
    OIDC_KEEP_TOKENS(Type.FLAG, "=false", "true",
            "true: the session keeps the access token (with its expiry and scopes) and the refresh token; the app reads the token from the signed-in user, refreshed before it expires, and the session lasts as long as the provider refreshes it, within {OIDC_SESSION_MAX_AGE}.",
            "must be true or false"),
    OIDC_REFRESH_GRACE(Type.DURATION, "=5m", "2m",
            "With {OIDC_KEEP_TOKENS}: while the provider cannot be reached to refresh, the session is kept this long past its access token's expiry; after that protected routes answer 503 until a refresh succeeds.",
            "must be a duration such as 5m"),
    OIDC_API_AUDIENCE(Type.TEXT, "required for bearer routes", "https://api.example.com",
            "The audience an access token must carry (its aud) to be accepted on a bearer route.",
            "must be the audience your API's access tokens carry, for example https://api.example.com"),
    OIDC_API_JWT_TYPES(Type.WORDS, "=at+jwt", "at+jwt jwt",
            "The JWT access token types accepted (RFC 9068 at+jwt; jwt also takes typ JWT or none, minus ID tokens).",
            "must list at+jwt and/or jwt", "at+jwt", "jwt"),
    OIDC_INTROSPECTION_ENDPOINT(Type.URL, "from discovery", "https://login.example.com/introspect",
            "The token introspection endpoint (RFC 7662), for opaque access tokens.",
            "must be the absolute URL of the provider's introspection endpoint"),
    OIDC_API_INTROSPECT(Type.CHOICE, "=auto", "always",
            "auto: opaque tokens are introspected, JWTs validated locally; always: every token is introspected; never.",
            "must be auto, always or never", "auto", "always", "never"),
    OIDC_API_CACHE_TTL(Type.DURATION, "=5m", "1m",
            "How long an introspection answer is kept at most (never past the token's exp); a valid JWT is kept until its exp.",
            "must be a positive duration such as 5m"),
    OIDC_REDIS_URL(Type.SECRET, "unset", "redis://redis.internal:6379",
            "Redis, for what the replicas share: the revocations of back-channel and front-channel logout and logout (pub/sub and a set kept for {OIDC_SESSION_MAX_AGE}). Needs the oidc-redis module. A password in it is never logged.",
            "must be a redis:// or rediss:// URL with a host, for example redis://redis.internal:6379, and the oidc-redis module on the class path"),
    OIDC_ALLOW_INSECURE_HTTP(Type.FLAG, "=false", "true",
            "Allows http:// for hosts that are not loopback. For isolated test networks only, never in production.",
            "must be true or false");

    /** What a setting's value is; the core parses every value from text, whatever the source. */
    public enum Type {
        /** Free text, trimmed. */ TEXT("java.lang.String"),
        /** Text that is never shown: masked in {@code toString()}, never repeated in a message. */ SECRET("java.lang.String"),
        /** An absolute http(s) URL. */ URL("java.net.URI"),
        /** {@code true} or {@code false}. */ FLAG("java.lang.Boolean"),
        /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 8h}, a bare number of seconds, or ISO-8601 ({@code PT2H}). */ DURATION("java.time.Duration"),
        /** A whole number. */ COUNT("java.lang.Integer"),
        /** A whole number of bytes. */ BYTES("java.lang.Long"),
        /** Words, space- or comma-separated; a list (YAML, JSON array) is joined with spaces. */ WORDS("java.util.List<java.lang.String>"),
        /** One of {@link #choices()}. */ CHOICE("java.lang.String"),
        /** The {@code OIDC_PROTECT} syntax; a list is one rule per entry. */ RULES("java.util.List<java.lang.String>");

        private final String javaType;

        Type(String javaType) {
            this.javaType = javaType;
        }

        /** The Java type a framework would bind the value to, for configuration metadata. */
        public String javaType() {
            return javaType;
        }

        /** How the entries of a list value are joined into the text the core parses. */
        public String separator() {
            return this == RULES ? ", " : " ";
        }
    }

    /** The prefix of every {@link #property()}. */
    public static final String PREFIX = "oidckit";
    private static final String CONTRACT_PREFIX = "OIDC_";

    private final Type type;
    private final String byDefault;
    private final String example;
    private final String doc;
    private final String expected;
    private final List<String> choices;
    private final String key;

    /**
     * @param byDefault {@code "=value"} for a default value, else what happens when it is unset ({@code required})
     * @param example a value other than the default, for docs, messages and tests: valid with the required settings,
     *                or with the other settings' examples where it needs them ({@code OIDC_SKIP_DISCOVERY=true} needs
     *                the static endpoints); {@code null} when none can be written down (a private key)
     */
    Setting(Type type, String byDefault, String example, String doc, String expected, String... choices) {
        this.type = type;
        this.byDefault = byDefault;
        this.example = example;
        this.doc = doc;
        this.expected = expected;
        this.choices = List.of(choices);
        String bare = name().startsWith(CONTRACT_PREFIX) ? name().substring(CONTRACT_PREFIX.length()) : name();
        this.key = bare.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The contract's environment variable, for example {@code OIDC_HTTP_TIMEOUT}. */
    public String envName() {
        return name();
    }

    /** The key by the one rule, for example {@code http-timeout}. */
    public String key() {
        return key;
    }

    /** The property of Spring, Micronaut and servlet init-params, for example {@code oidckit.http-timeout}. */
    public String property() {
        return PREFIX + "." + key;
    }

    /** The key in JSON (Vert.x), for example {@code httpTimeout}. */
    public String jsonKey() {
        StringBuilder b = new StringBuilder();
        for (String word : key.split("-")) {
            b.append(b.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return b.toString();
    }

    public Type type() {
        return type;
    }

    /** The default value as the text the core parses, or {@code null} when the setting has none. */
    public String defaultValue() {
        return byDefault.startsWith("=") ? byDefault.substring(1) : null;
    }

    /** The default as docs/configuration.md writes it: {@code `10s`}, or {@code required}, {@code unset}, … */
    public String defaultText() {
        String value = defaultValue();
        return value == null ? byDefault : "`" + value + "`";
    }

    /**
     * A valid value other than the default, for documentation, messages ("for example …") and tests; {@code null} for
     * the private key, which no table should write down.
     */
    public String example() {
        return example;
    }

    /** One line of documentation; settings in braces stand for their names. */
    public String doc() {
        return doc;
    }

    /** {@link #doc()} with each setting it mentions written as {@code naming} writes it, for configuration metadata. */
    public String doc(Naming naming) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([A-Z_]+)}").matcher(doc);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Setting s = byEnvName(m.group(1)).orElseThrow(() -> new IllegalStateException("no setting " + m.group(1)));
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(naming.keyOf(s)));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** What a valid value looks like, as an error message says it; settings in braces stand for their names. */
    public String expected() {
        return expected;
    }

    /** The values a {@link Type#CHOICE} takes, or the words a {@link Type#WORDS} setting may list; else empty. */
    public List<String> choices() {
        return choices;
    }

    /** Whether the value is never shown. */
    public boolean secret() {
        return type == Type.SECRET;
    }

    /** The setting whose environment variable is {@code name}. */
    public static Optional<Setting> byEnvName(String name) {
        for (Setting s : values()) {
            if (s.name().equals(name)) return Optional.of(s);
        }
        return Optional.empty();
    }
}
