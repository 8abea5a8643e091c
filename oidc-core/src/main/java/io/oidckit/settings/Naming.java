package io.oidckit.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * The spellings of a {@link Setting}, each by the table's one rule, and how a key someone wrote is matched to
 * one. Matching is loose the way Spring Boot's relaxed binding is: case, {@code -} and {@code _} do not count,
 * so {@code oidckit.http-timeout}, {@code oidckit.httpTimeout} and {@code OIDCKIT_HTTP_TIMEOUT} are one property,
 * and {@code httpTimeout}, {@code http-timeout} one JSON key. The contract's environment variables are matched
 * exactly, as a shell writes them.
 */
public enum Naming {
    /** The contract's environment variables: {@code OIDC_HTTP_TIMEOUT}, {@code URL_BASE_PATHNAME}. */
    ENV,
    /**
     * Properties: {@code oidckit.http-timeout}; also {@code oidckit.httpTimeout}, and {@code OIDCKIT_HTTP_TIMEOUT}
     * as an environment variable. A key below a setting ({@code oidckit.protect[0].pattern}) belongs to it.
     */
    PROPERTY,
    /** JSON keys: {@code httpTimeout}; also {@code http-timeout} or {@code HTTP_TIMEOUT}. */
    JSON;

    private static final String PROPERTY_PREFIX = Setting.PREFIX + ".";
    private static final String ENV_PROPERTY_PREFIX = Setting.PREFIX.toUpperCase(Locale.ROOT) + "_";

    /** How this naming writes {@code setting}. */
    public String keyOf(Setting setting) {
        return switch (this) {
            case ENV -> setting.envName();
            case PROPERTY -> setting.property();
            case JSON -> setting.jsonKey();
        };
    }

    /** The setting {@code key} names in this naming, the whole key being its name; empty when it names none. */
    public Optional<Setting> match(String key) {
        if (this == ENV) return Setting.byEnvName(key);
        String word = word(key);
        return word == null || word.contains(".") || word.contains("[") ? Optional.empty() : byLooseKey(word);
    }

    /**
     * The setting {@code key} belongs to: {@link #match}, or a key below it in this naming, such as an entry of a
     * list ({@code oidckit.scope[0]}, {@code OIDCKIT_PROTECT_0_PATTERN}). Empty when it belongs to none.
     */
    public Optional<Setting> owner(String key) {
        if (this != PROPERTY) return match(key);
        String word = word(key);
        if (word == null) return Optional.empty();
        if (key.startsWith(ENV_PROPERTY_PREFIX)) {
            String[] words = word.split("_");
            for (int n = words.length; n > 0; n--) {
                if (n < words.length && !words[n].matches("[0-9]+")) continue;
                Optional<Setting> s = byLooseKey(String.join("_", java.util.Arrays.copyOf(words, n)));
                if (s.isPresent()) return s;
            }
            return Optional.empty();
        }
        return byLooseKey(stem(word));
    }

    /** The first part of a property's word: {@code protect} of {@code protect[0].pattern}. */
    static String stem(String word) {
        int end = word.length();
        for (char c : new char[] {'.', '['}) {
            int i = word.indexOf(c);
            if (i >= 0) end = Math.min(end, i);
        }
        return word.substring(0, end);
    }

    /**
     * Whether {@code key} is written as a setting of this naming would be, so that one naming none is a mistake
     * worth a warning: {@code OIDC_*} for {@link #ENV}, {@code oidckit.*} and {@code OIDCKIT_*} for
     * {@link #PROPERTY}. JSON keys carry no mark; {@link SettingsSource} warns about one only when it is close to a
     * setting's.
     */
    public boolean marks(String key) {
        return switch (this) {
            case ENV -> key.startsWith("OIDC_");
            case PROPERTY -> word(key) != null;
            case JSON -> false;
        };
    }

    /**
     * The part of {@code key} that names the setting in this naming ({@code http-timeout} of
     * {@code oidckit.http-timeout}, {@code HTTP_TIMEOUT} of {@code OIDCKIT_HTTP_TIMEOUT}), or {@code null} when
     * {@code key} is not of this naming at all.
     */
    String word(String key) {
        return switch (this) {
            case ENV -> key.startsWith("OIDC_") || Setting.byEnvName(key).isPresent() ? key : null;
            case PROPERTY -> {
                if (key.regionMatches(true, 0, PROPERTY_PREFIX, 0, PROPERTY_PREFIX.length())) {
                    yield key.length() > PROPERTY_PREFIX.length() ? key.substring(PROPERTY_PREFIX.length()) : null;
                }
                yield key.startsWith(ENV_PROPERTY_PREFIX) && key.length() > ENV_PROPERTY_PREFIX.length()
                        ? key.substring(ENV_PROPERTY_PREFIX.length()) : null;
            }
            case JSON -> key;
        };
    }

    /** {@code key} with case, {@code -} and {@code _} removed: how two spellings are compared. */
    static String loose(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_') b.append(Character.toLowerCase(c));
        }
        return b.toString();
    }

    private static Optional<Setting> byLooseKey(String word) {
        String loose = loose(word);
        for (Setting s : Setting.values()) {
            if (loose(s.key()).equals(loose)) return Optional.of(s);
        }
        return Optional.empty();
    }
}
