package io.oidckit;

import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How messages name settings: each in the spelling its value was found under ({@code oidckit.http-timeout} from
 * Spring, {@code httpTimeout} from JSON, {@code OIDC_HTTP_TIMEOUT} from the environment), a setting that was
 * not found the way its source reads it, and the contract's names for a configuration built in code.
 */
final class ConfigNames {
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Z_]+)}");

    private final Map<Setting, String> spelled = new EnumMap<>(Setting.class);
    private SettingsSource source;

    /** The settings read from now on come from {@code source}. */
    void readFrom(SettingsSource source) {
        this.source = source;
    }

    /** {@code setting}'s value was found under {@code key}. */
    void spelled(Setting setting, String key) {
        spelled.put(setting, key);
    }

    /** The setting as its value was written, else as its source would read it. */
    String name(Setting setting) {
        String key = spelled.get(setting);
        if (key != null) return key;
        return source == null ? setting.envName() : source.nameOf(setting);
    }

    /** A setting nobody wrote: every way its source reads it ({@code oidckit.client-id or OIDC_CLIENT_ID}). */
    String missing(Setting setting) {
        return source == null ? setting.envName() : String.join(" or ", source.namesOf(setting));
    }

    /** What a valid value of {@code setting} looks like, the settings it mentions named as {@link #name} does. */
    String expected(Setting setting) {
        return resolve(setting.expected());
    }

    /** {@link #expected} said of a value that is wrong: {@code must be the client id registered at the provider}. */
    String mustBe(Setting setting) {
        String expected = expected(setting);
        return expected.startsWith("must ") ? expected : "must be " + expected;
    }

    /**
     * The OIDC104 warning for a key nobody reads: {@code OIDC104 oidckit.client-secert is not a setting; did you
     * mean oidckit.client-secret? (see docs/errors.md#oidc104)}. The key is shown printable and at most 100
     * characters long; it is a name, never a value.
     */
    static String warning(SettingsSource.UnknownKey unknown) {
        String key = unknown.key().codePoints().limit(100)
                .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String hint = unknown.suggestion() == null ? "; docs/configuration.md lists the settings"
                : "; did you mean " + unknown.suggestion() + "?";
        ErrorCode code = ErrorCode.CONFIG_UNKNOWN;
        return code.code() + " " + key + " is not a setting" + hint + " (see " + code.docs() + ")";
    }

    /** {@code text} with each {@code {OIDC_...}} replaced by that setting's {@link #name}. */
    String resolve(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Setting s = Setting.byEnvName(m.group(1))
                    .orElseThrow(() -> new IllegalStateException("no setting " + m.group(1)));
            m.appendReplacement(b, Matcher.quoteReplacement(name(s)));
        }
        m.appendTail(b);
        return b.toString();
    }
}
