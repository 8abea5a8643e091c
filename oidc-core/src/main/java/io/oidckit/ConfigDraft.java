package io.oidckit;

import io.oidckit.OidcConfigException.Problem;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.oidckit.settings.Setting.*;

/**
 * What an {@link OidcConfig.Builder} holds: one value per setting (the table's defaults to start with), how each
 * was named, and the values that could not be read. {@link #build()} checks them all at once.
 */
final class ConfigDraft {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    private final EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);
    private final ConfigNames names = new ConfigNames();
    // Values that could not even be read, with their text (null: not text); reported by build().
    private final Map<Setting, String> unreadable = new LinkedHashMap<>();

    /** Every setting at its default. */
    ConfigDraft() {
        for (Setting s : Setting.values()) values.put(s, ConfigValues.parse(s, s.defaultValue()));
    }

    /** The values of a configuration, to change some. */
    ConfigDraft(Map<Setting, Object> values) {
        this.values.putAll(values);
    }

    /**
     * Every setting {@code source} has, each named in messages the way it was found there, and one OIDC104
     * warning for each key of {@code source} that looks like a setting but is none.
     */
    void apply(SettingsSource source) {
        names.readFrom(source);
        for (Setting s : Setting.values()) {
            try {
                SettingsSource.Entry e = source.find(s);
                if (e == null) continue;
                names.spelled(s, e.key());
                String text = ConfigValues.text(s, e.value());
                if (text.isBlank()) continue;
                if (s == OIDC_PROTECT) protect(AccessRule.parseList(text));
                else text(s, text);
            } catch (IllegalArgumentException e) {
                unreadable.putIfAbsent(s, null);
            }
        }
        for (SettingsSource.UnknownKey u : source.unknownKeys()) {
            LOG.log(System.Logger.Level.WARNING, ConfigNames.warning(u));
        }
    }

    void put(Setting s, Object value) {
        values.put(s, value);
    }

    /** Parses {@code v}: blank is the default; text that is no value of the setting is a problem for build(). */
    void text(Setting s, String v) {
        try {
            values.put(s, ConfigValues.parse(s, v == null || v.isBlank() ? s.defaultValue() : v));
        } catch (RuntimeException e) {
            unreadable.putIfAbsent(s, v);
        }
    }

    void protect(List<AccessRule> rules) {
        List<AccessRule> all = list(values.get(OIDC_PROTECT));
        all.addAll(rules);
        values.put(OIDC_PROTECT, all);
    }

    /** The configuration, with what follows from the values filled in, or every problem at once. */
    OidcConfig build() {
        List<Problem> read = new ArrayList<>();
        unreadable.forEach((s, text) -> read.add(ConfigCheck.unreadable(s, text, names)));
        List<Problem> problems = ConfigCheck.problems(values, names, unreadable.keySet(), read);
        if (!problems.isEmpty()) throw new OidcConfigException(problems);
        EnumMap<Setting, Object> v = new EnumMap<>(values);
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid"); // OpenID Connect Core 1.0 §3.1.2.1: without it the request is plain OAuth
        scopes.addAll(ConfigDraft.<String>list(v.get(OIDC_SCOPE)));
        v.put(OIDC_SCOPE, List.copyOf(scopes));
        String base = ConfigValues.normaliseBasePath((String) v.get(URL_BASE_PATHNAME));
        v.put(URL_BASE_PATHNAME, base);
        URI redirect = (URI) v.get(OIDC_REDIRECT_URI);
        if (v.get(OIDC_POST_LOGOUT_REDIRECT_URI) == null) v.put(OIDC_POST_LOGOUT_REDIRECT_URI, redirect.resolve(base));
        v.put(OIDC_ID_TOKEN_SIGNING_ALGS, Set.copyOf(list(v.get(OIDC_ID_TOKEN_SIGNING_ALGS))));
        v.put(OIDC_PROTECT, List.copyOf(list(v.get(OIDC_PROTECT))));
        return new OidcConfig(v);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return value == null ? new ArrayList<>() : new ArrayList<>((Collection<T>) value);
    }
}
