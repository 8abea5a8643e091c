package io.oidckit.spring;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping from Spring's names onto the core's settings, used by both ways of configuring: the Boot-bound
 * {@link SpringOidcProperties} and, without Boot, the {@code oidckit.*} names read straight from the
 * {@link Environment}. Everything ends in {@link OidcConfig.Builder#apply}, keyed by the contract's names, so the
 * core parses and validates every value the same way on every framework.
 */
final class SpringOidcSettings {
    static final String PREFIX = "oidckit";

    /** {@link SpringOidcProperties} property name to the contract's setting name. */
    static final Map<String, String> NAMES = names(
            "authority", "OIDC_AUTHORITY",
            "clientId", "OIDC_CLIENT_ID",
            "clientSecret", "OIDC_CLIENT_SECRET",
            "clientAuthMethod", "OIDC_CLIENT_AUTH_METHOD",
            "clientPrivateKey", "OIDC_CLIENT_PRIVATE_KEY",
            "redirectUri", "OIDC_REDIRECT_URI",
            "scope", "OIDC_SCOPE",
            "skipDiscovery", "OIDC_SKIP_DISCOVERY",
            "authorizationEndpoint", "OIDC_AUTHORIZATION_ENDPOINT",
            "tokenEndpoint", "OIDC_TOKEN_ENDPOINT",
            "jwksUri", "OIDC_JWKS_URI",
            "userinfoEndpoint", "OIDC_USERINFO_ENDPOINT",
            "endSessionEndpoint", "OIDC_END_SESSION_ENDPOINT",
            "postLogoutRedirectUri", "OIDC_POST_LOGOUT_REDIRECT_URI",
            "rolesClaim", "OIDC_ROLES_CLAIM",
            "sessionSecret", "OIDC_SESSION_SECRET",
            "basePath", "URL_BASE_PATHNAME",
            "fetchUserInfo", "OIDC_FETCH_USERINFO",
            "idTokenSigningAlgs", "OIDC_ID_TOKEN_SIGNING_ALGS",
            "clockSkew", "OIDC_CLOCK_SKEW",
            "connectTimeout", "OIDC_HTTP_CONNECT_TIMEOUT",
            "timeout", "OIDC_HTTP_TIMEOUT",
            "maxResponseBytes", "OIDC_HTTP_MAX_RESPONSE_BYTES",
            "cacheTtl", "OIDC_CACHE_TTL",
            "jwksRefreshInterval", "OIDC_JWKS_REFRESH_INTERVAL",
            "retryBackoff", "OIDC_RETRY_BACKOFF",
            "retryBackoffMax", "OIDC_RETRY_BACKOFF_MAX",
            "maxPendingLogins", "OIDC_MAX_PENDING_LOGINS",
            "pendingLoginTtl", "OIDC_PENDING_LOGIN_TTL",
            "sessionMaxAge", "OIDC_SESSION_MAX_AGE",
            "allowInsecureHttp", "OIDC_ALLOW_INSECURE_HTTP");

    /** Protect rules read from a plain Environment stop at the first missing index, and never go past this. */
    private static final int MAX_RULES = 1000;

    private SpringOidcSettings() {
    }

    private static Map<String, String> names(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    /**
     * The configuration: the contract's names found in {@code environment}, overridden by the {@code oidckit.*}
     * properties ({@code properties} when Boot bound them, else the same names read from {@code environment}).
     */
    static OidcConfig config(Environment environment, SpringOidcProperties properties) {
        Map<String, String> settings = new HashMap<>();
        List<String> contract = new ArrayList<>(NAMES.values());
        contract.add("OIDC_PROTECT");
        for (String name : contract) {
            String value = environment.getProperty(name);
            if (value != null) settings.put(name, value);
        }
        List<AccessRule> rules;
        if (properties != null) {
            settings.putAll(properties.toSettings());
            rules = properties.accessRules();
        } else {
            NAMES.forEach((property, name) -> {
                String value = environment.getProperty(PREFIX + "." + kebab(property));
                if (value != null) settings.put(name, value);
            });
            rules = rules(environment);
        }
        OidcConfig config = OidcConfig.builder().apply(settings).build();
        return rules.isEmpty() ? config : config.withAccessRules(rules);
    }

    /** {@code oidckit.protect[i].pattern|roles|api} from a plain Environment; roles comma-separated or indexed. */
    private static List<AccessRule> rules(Environment environment) {
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < MAX_RULES; i++) {
            String key = PREFIX + ".protect[" + i + "]";
            String pattern = environment.getProperty(key + ".pattern");
            if (pattern == null) break;
            SpringOidcProperties.Rule rule = new SpringOidcProperties.Rule();
            rule.setPattern(pattern);
            List<String> roles = new ArrayList<>();
            String listed = environment.getProperty(key + ".roles");
            if (listed != null) roles.addAll(List.of(listed.split(",")));
            for (int j = 0; j < MAX_RULES; j++) {
                String role = environment.getProperty(key + ".roles[" + j + "]");
                if (role == null) break;
                roles.add(role);
            }
            rule.setRoles(roles);
            rule.setApi(Boolean.parseBoolean(environment.getProperty(key + ".api", "false").trim()));
            rules.add(rule.toAccessRule(i));
        }
        return rules;
    }

    /** A bound value as the text the core parses: durations in milliseconds, lists space-separated. */
    static String text(Object value) {
        if (value instanceof Duration d) return d.toMillis() + "ms";
        if (value instanceof OidcConfig.ClientAuthMethod m) return m.specName();
        if (value instanceof Collection<?> c) return String.join(" ", c.stream().map(String::valueOf).toList());
        return value.toString();
    }

    /** {@code clientId} to {@code client-id}: Spring's canonical form of a property name. */
    static String kebab(String property) {
        StringBuilder b = new StringBuilder();
        for (char c : property.toCharArray()) {
            if (Character.isUpperCase(c)) b.append('-').append(Character.toLowerCase(c));
            else b.append(c);
        }
        return b.toString();
    }
}
