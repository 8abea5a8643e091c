package io.oidckit;

import io.oidckit.OidcConfigException.Problem;
import io.oidckit.internal.Hosts;
import io.oidckit.internal.Keys;
import io.oidckit.settings.Setting;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.oidckit.settings.Setting.*;

/**
 * The rules a configuration must meet, checked all at once: every problem is one line naming its setting
 * (OIDC101 missing, OIDC102 malformed, OIDC103 insecure). Secrets are never repeated; a URL is, since it is
 * not a secret and the line is more useful with it.
 */
final class ConfigCheck {
    /** Durations that may be zero; every other duration must be positive. */
    private static final Set<Setting> ZERO_ALLOWED = EnumSet.of(
            OIDC_CLOCK_SKEW, OIDC_JWKS_REFRESH_INTERVAL, OIDC_RETRY_BACKOFF, OIDC_RETRY_BACKOFF_MAX);
    /** Where the browser goes after logout need not be https: it is not the provider. */
    private static final Set<Setting> NOT_PROVIDER = EnumSet.of(OIDC_POST_LOGOUT_REDIRECT_URI);
    // No EdDSA: nimbus-jose-jwt verifies Ed25519 only through Google Tink, which the core does not bring.
    static final Set<String> ASYMMETRIC_ALGS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final Set<String> HMAC_ALGS = Set.of("HS256", "HS384", "HS512");

    private final Map<Setting, Object> v;
    private final ConfigNames names;
    private final Set<Setting> unparsable;
    private final List<Problem> p = new ArrayList<>();

    private ConfigCheck(Map<Setting, Object> values, ConfigNames names, Set<Setting> unparsable) {
        this.v = values;
        this.names = names;
        this.unparsable = unparsable;
    }

    /** {@code parseProblems} and the problems of {@code values}, one per setting, the first found kept. */
    static List<Problem> problems(Map<Setting, Object> values, ConfigNames names, Set<Setting> unparsable,
                                  List<Problem> parseProblems) {
        ConfigCheck check = new ConfigCheck(values, names, unparsable);
        check.p.addAll(parseProblems);
        check.run();
        Set<Setting> seen = new LinkedHashSet<>();
        return check.p.stream().filter(x -> seen.add(x.setting())).toList();
    }

    /** The line for a value that could not be read at all; {@code text} is {@code null} when it was not text. */
    static Problem unreadable(Setting s, String text, ConfigNames names) {
        String expected = s.type() == Setting.Type.URL && text != null
                ? "must be an absolute http(s) URL, for example " + s.example() + ", got " + text.trim()
                : names.mustBe(s);
        return new Problem(ErrorCode.CONFIG_MALFORMED, s, names.name(s), expected);
    }

    private void run() {
        require(OIDC_AUTHORITY);
        require(OIDC_CLIENT_ID);
        require(OIDC_REDIRECT_URI);
        require(v.get(OIDC_CLIENT_AUTH_METHOD) == OidcConfig.ClientAuthMethod.PRIVATE_KEY_JWT
                ? OIDC_CLIENT_PRIVATE_KEY : OIDC_CLIENT_SECRET);
        String key = (String) v.get(OIDC_CLIENT_PRIVATE_KEY);
        if (key != null && !Keys.isPrivateSigningJwk(key)) malformed(OIDC_CLIENT_PRIVATE_KEY);
        if (Boolean.TRUE.equals(v.get(OIDC_SKIP_DISCOVERY))) {
            require(OIDC_AUTHORIZATION_ENDPOINT);
            require(OIDC_TOKEN_ENDPOINT);
            require(OIDC_JWKS_URI);
        }
        for (Setting s : Setting.values()) {
            if (s.type() == Setting.Type.URL && !NOT_PROVIDER.contains(s)) secure(s);
            if (s.type() == Setting.Type.DURATION) positive(s);
        }
        URI redirect = (URI) v.get(OIDC_REDIRECT_URI);
        if (redirect != null && redirect.getRawFragment() != null) malformed(OIDC_REDIRECT_URI);
        String base = ConfigValues.normaliseBasePath((String) v.get(URL_BASE_PATHNAME));
        if (!base.matches("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/") || base.contains("/../") || base.contains("/./")) {
            malformed(URL_BASE_PATHNAME);
        }
        String sessionSecret = (String) v.get(OIDC_SESSION_SECRET);
        if (sessionSecret != null && ConfigValues.secrets(sessionSecret).stream().anyMatch(x -> x.length() < 32)) {
            malformed(OIDC_SESSION_SECRET);
        }
        // Never a random key per process: every replica, and every restart, must open the cookies of the others.
        if (v.get(OIDC_SESSION_MODE) == OidcConfig.SessionMode.COOKIE && sessionSecret == null && !unparsable.contains(OIDC_SESSION_SECRET)) {
            p.add(new Problem(ErrorCode.CONFIG_MISSING, OIDC_SESSION_SECRET, names.missing(OIDC_SESSION_SECRET),
                    names.resolve("is required, since {OIDC_SESSION_MODE}=cookie: ") + names.expected(OIDC_SESSION_SECRET)));
        }
        String roles = (String) v.get(OIDC_ROLES_CLAIM);
        if (roles == null || roles.startsWith(".") || roles.endsWith(".") || roles.contains("..")) {
            malformed(OIDC_ROLES_CLAIM);
        }
        algorithms();
        redis();
        long maxBytes = (Long) v.get(OIDC_HTTP_MAX_RESPONSE_BYTES);
        if (maxBytes < 1024) malformed(OIDC_HTTP_MAX_RESPONSE_BYTES);
        int pending = (Integer) v.get(OIDC_MAX_PENDING_LOGINS);
        if (pending < 1 || pending > 100) malformed(OIDC_MAX_PENDING_LOGINS);
        List<?> rules = (List<?>) v.get(OIDC_PROTECT);
        // Without an audience a token for any API of the provider would pass: bearer routes need one, never "any".
        if (rules != null && rules.stream().anyMatch(r -> ((AccessRule) r).requirement().takesBearer())
                && v.get(OIDC_API_AUDIENCE) == null && !unparsable.contains(OIDC_API_AUDIENCE)) {
            p.add(new Problem(ErrorCode.CONFIG_MISSING, OIDC_API_AUDIENCE, names.missing(OIDC_API_AUDIENCE),
                    names.resolve("is required, since {OIDC_PROTECT} has a bearer route: ") + names.expected(OIDC_API_AUDIENCE)));
        }
    }

    private void algorithms() {
        Collection<?> algs = (Collection<?>) v.get(OIDC_ID_TOKEN_SIGNING_ALGS);
        if (algs == null || algs.isEmpty()
                || !algs.stream().allMatch(a -> ASYMMETRIC_ALGS.contains(a) || HMAC_ALGS.contains(a))) {
            malformed(OIDC_ID_TOKEN_SIGNING_ALGS);
            return;
        }
        String secret = (String) v.get(OIDC_CLIENT_SECRET);
        if (algs.stream().anyMatch(HMAC_ALGS::contains) && (secret == null || secret.length() < 32)) {
            add(ErrorCode.CONFIG_MALFORMED, OIDC_ID_TOKEN_SIGNING_ALGS, names.resolve(
                    "lists an HMAC algorithm, which needs {OIDC_CLIENT_SECRET} of at least 32 characters as its key"));
        }
    }

    /** A Redis URL of its form, and the module that speaks to Redis, found the way the core will look for it. */
    private void redis() {
        String url = (String) v.get(OIDC_REDIS_URL);
        if (url == null) return;
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            malformed(OIDC_REDIS_URL);
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null) {
            malformed(OIDC_REDIS_URL);
            return;
        }
        if (ReplicaChannel.find(uri) == null) {
            add(ErrorCode.CONFIG_MALFORMED, OIDC_REDIS_URL, "is set, but no module for it is on the class path: add "
                    + "the dependency io.oidckit:oidc-redis");
        }
    }

    private void require(Setting s) {
        if (v.get(s) == null && !unparsable.contains(s)) {
            p.add(new Problem(ErrorCode.CONFIG_MISSING, s, names.missing(s), "is required: " + names.expected(s)));
        }
    }

    private void malformed(Setting s) {
        add(ErrorCode.CONFIG_MALFORMED, s, names.mustBe(s));
    }

    private void add(ErrorCode code, Setting s, String expected) {
        p.add(new Problem(code, s, names.name(s), expected));
    }

    private void positive(Setting s) {
        Duration d = (Duration) v.get(s);
        if (d == null || d.isNegative() || (!ZERO_ALLOWED.contains(s) && d.isZero())) malformed(s);
    }

    private void secure(Setting s) {
        URI u = (URI) v.get(s);
        if (u == null) return;
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) return;
        if (!scheme.equals("http")) {
            malformed(s);
        } else if (!Boolean.TRUE.equals(v.get(OIDC_ALLOW_INSECURE_HTTP)) && !Hosts.isLoopback(u.getHost())) {
            add(ErrorCode.CONFIG_INSECURE, s, names.resolve("must use https:// (http:// is accepted only for "
                    + "localhost, 127.0.0.0/8 and [::1], or with {OIDC_ALLOW_INSECURE_HTTP}=true), got " + u));
        }
    }
}
