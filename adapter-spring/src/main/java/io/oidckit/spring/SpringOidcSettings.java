package io.oidckit.spring;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings from Spring's {@link Environment}, through the core's table: each setting is
 * {@code oidckit.} plus its key ({@code oidckit.http-timeout} for {@code OIDC_HTTP_TIMEOUT}), over the contract's
 * name itself, first found wins. No setting is named here; the core spells them all.
 *
 * <p>With Spring Boot the {@code Environment} resolves a property by Boot's relaxed rules ({@code oidckit.httpTimeout}
 * in YAML, {@code OIDCKIT_HTTP_TIMEOUT} in the environment); without Boot, Spring's own environment-variable
 * mapping finds {@code OIDCKIT_HTTP_TIMEOUT}, and the core matches the other spellings it is given loosely. A list
 * is comma- or space-separated text or indexed entries ({@code oidckit.scope[0]}, YAML lists); the rules also take
 * the structured form {@code oidckit.protect[i].pattern}, {@code .roles}, {@code .api}, {@code .credential},
 * {@code .scopes}. Every key of the
 * {@code Environment} that looks like a setting but is none gets one OIDC104 warning.
 */
final class SpringOidcSettings {
    static final String PREFIX = Setting.PREFIX;
    /** The one property of the adapter's own, {@code oidckit.enabled}: whether Boot's auto-configuration runs. */
    static final String ENABLED = "enabled";

    /** Indexed entries are read up to the first missing index, and never past this. */
    private static final int MAX_ENTRIES = 1000;

    private SpringOidcSettings() {
    }

    /** The configuration, as the adapter builds it at start-up when the application declares none. */
    static OidcConfig config(Environment environment) {
        return OidcConfig.from(source(environment));
    }

    /** {@code oidckit.*} properties, then the contract's names, both from {@code environment}. */
    static SettingsSource source(Environment environment) {
        List<String> keys = keys(environment);
        return SettingsSource.of(Naming.PROPERTY, key -> value(environment, key), keys).alsoReading(ENABLED)
                .then(SettingsSource.of(Naming.ENV, environment::getProperty, keys));
    }

    /** A property as text, or its indexed entries; for the rules also their structured form, as rule text. */
    private static Object value(Environment environment, String key) {
        String text = environment.getProperty(key);
        if (text != null && !text.isBlank()) return text;
        if (key.equals(Setting.OIDC_PROTECT.property())) {
            String rules = rules(environment, key);
            if (rules != null) return rules;
        }
        List<String> entries = entries(environment, key);
        return entries.isEmpty() ? null : entries;
    }

    /** {@code key[0]}, {@code key[1]}, … */
    private static List<String> entries(Environment environment, String key) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < MAX_ENTRIES; i++) {
            String entry = environment.getProperty(key + "[" + i + "]");
            if (entry == null) break;
            entries.add(entry);
        }
        return entries;
    }

    /**
     * {@code oidckit.protect[i].pattern|roles|api|credential|scopes} as the {@code OIDC_PROTECT} text the core reads
     * ({@code admin/** role:admin|ops api}, {@code orders/** scope:orders.read bearer}); {@code null} when there is
     * no such rule. {@code credential} is {@code session}, {@code bearer} or {@code bearer-or-session}.
     *
     * @throws IllegalArgumentException for a rule without a pattern, or with one the text cannot carry
     */
    private static String rules(Environment environment, String key) {
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < MAX_ENTRIES; i++) {
            String rule = key + "[" + i + "]";
            String pattern = environment.getProperty(rule + ".pattern");
            String api = environment.getProperty(rule + ".api");
            String credential = environment.getProperty(rule + ".credential", "session").trim().toLowerCase(Locale.ROOT);
            List<String> roles = words(environment, rule + ".roles");
            List<String> scopes = words(environment, rule + ".scopes");
            if (pattern == null && api == null && roles.isEmpty()) break;
            if (pattern == null || pattern.isBlank() || pattern.trim().matches(".*[\\s,].*")) {
                throw new IllegalArgumentException(rule + ".pattern must be one path pattern");
            }
            String kind = api == null ? "false" : api.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals("true") && !kind.equals("false")) throw new IllegalArgumentException(rule + ".api");
            rules.add(pattern.trim() + (roles.isEmpty() ? "" : " role:" + String.join("|", roles))
                    + (scopes.isEmpty() ? "" : " scope:" + String.join("|", scopes)) + (kind.equals("true") ? " api" : "")
                    + (credential.equals("session") ? "" : " " + credential.replace('_', '-')));
        }
        return rules.isEmpty() ? null : String.join(", ", rules);
    }

    /** {@code key} as comma-separated text, or its indexed entries: the roles or scopes of a rule. */
    private static List<String> words(Environment environment, String key) {
        List<String> words = new ArrayList<>();
        String listed = environment.getProperty(key);
        if (listed != null) words.addAll(List.of(listed.split(",")));
        words.addAll(entries(environment, key));
        return words.stream().map(String::trim).filter(w -> !w.isEmpty()).toList();
    }

    /** Every name the {@code Environment} can list, for loose spellings and the OIDC104 warnings. */
    private static List<String> keys(Environment environment) {
        List<String> keys = new ArrayList<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> names) keys.addAll(List.of(names.getPropertyNames()));
            }
        }
        return keys;
    }
}
