package io.oidckit.micronaut;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.value.PropertyResolver;
import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings from Micronaut's configuration, through the core's table: each setting is {@code oidckit.} plus
 * its key ({@code oidckit.http-timeout} for {@code OIDC_HTTP_TIMEOUT}), in {@code application.yml}, a system
 * property or Micronaut's mapping of {@code OIDCKIT_HTTP_TIMEOUT}; then the contract's environment variable
 * itself. No setting is named here; the core spells them all.
 *
 * <p>Values are what the core reads (a duration {@code 10s}); a YAML list is a list ({@code scope}, and
 * {@code protect} with one rule per entry). Every key of Micronaut's property sources (and every variable) that
 * looks like a setting but is none gets one OIDC104 warning.
 */
final class MicronautOidcSettings {
    private static final String VARIABLE_PREFIX = Setting.PREFIX.toUpperCase(Locale.ROOT) + "_";

    private MicronautOidcSettings() {
    }

    /** The configuration, as the adapter builds it at start-up when the application declares none. */
    static OidcConfig config(Environment environment, Map<String, String> variables) {
        return OidcConfig.from(source(environment, variables));
    }

    /** {@code oidckit.*} from {@code environment}, then the contract's names from {@code variables}. */
    static SettingsSource source(Environment environment, Map<String, String> variables) {
        return SettingsSource.of(Naming.PROPERTY, key -> value(environment, key), keys(environment))
                .then(SettingsSource.of(variables, Naming.ENV));
    }

    /** A property's value as Micronaut resolves it (text, number, boolean, list); a variable's name is mapped first. */
    private static Object value(PropertyResolver resolver, String key) {
        String name = key.startsWith(VARIABLE_PREFIX)
                ? Setting.PREFIX + "." + key.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-')
                : key;
        return resolver.getProperty(name, Object.class).orElse(null);
    }

    /** The keys of every property source as written (a variable by its name), for loose spellings and warnings. */
    private static List<String> keys(Environment environment) {
        List<String> keys = new ArrayList<>();
        for (PropertySource source : environment.getPropertySources()) {
            for (String key : source) keys.add(key);
        }
        return keys;
    }
}
