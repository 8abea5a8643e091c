package io.oidckit;

import io.oidckit.settings.Setting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting's value from the text configuration holds and back, by its {@link Setting.Type}: the one parser of
 * every source. The value types are those of {@link OidcConfig}'s accessors.
 */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private ConfigValues() {
    }

    /**
     * The text of a value as a source holds it: text, a number, a boolean, or a list of them, joined as the
     * setting's type says.
     *
     * @throws IllegalArgumentException for an object (a map) where a value belongs
     */
    static String text(Setting setting, Object raw) {
        if (raw instanceof CharSequence c) return c.toString();
        if (raw instanceof Map<?, ?>) throw new IllegalArgumentException("an object where a value belongs");
        if (raw instanceof Object[] array) raw = Arrays.asList(array);
        if (raw instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Map.Entry<?, ?> || item instanceof Iterable<?>) {
                    throw new IllegalArgumentException("an object where a value belongs");
                }
                if (item != null) parts.add(text(setting, item));
            }
            return String.join(setting.type().separator(), parts);
        }
        return String.valueOf(raw);
    }

    /**
     * The value of {@code text}, as {@link OidcConfig} holds it; blank text is no value.
     *
     * @throws RuntimeException when the text is not a value of the setting's type
     */
    static Object parse(Setting setting, String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.trim();
        return switch (setting.type()) {
            case TEXT, SECRET -> t;
            case URL -> uri(t);
            case FLAG -> bool(t);
            case DURATION -> duration(t);
            case COUNT -> Integer.parseInt(t);
            case BYTES -> Long.parseLong(t);
            case WORDS -> {
                List<String> words = Arrays.stream(t.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
                if (!setting.choices().isEmpty()) words = words.stream().map(w -> choice(setting, w)).toList();
                yield setting == Setting.OIDC_ID_TOKEN_SIGNING_ALGS ? new LinkedHashSet<>(words) : new ArrayList<>(words);
            }
            case CHOICE -> switch (setting) {
                case OIDC_CLIENT_AUTH_METHOD -> OidcConfig.ClientAuthMethod.parse(t);
                case OIDC_FETCH_USERINFO -> OidcConfig.FetchUserInfo.parse(t);
                case OIDC_SESSION_MODE -> OidcConfig.SessionMode.valueOf(choice(setting, t).toUpperCase(java.util.Locale.ROOT));
                default -> choice(setting, t);
            };
            case RULES -> AccessRule.parseList(t);
        };
    }

    /** The value written as text that {@link #parse} reads back to the same value; {@code null} for no value. */
    static String format(Setting setting, Object value) {
        if (value == null) return null;
        return switch (setting.type()) {
            case DURATION -> format((Duration) value);
            case WORDS -> String.join(" ", words(value));
            case CHOICE -> value instanceof OidcConfig.ClientAuthMethod m ? m.specName()
                    : value instanceof OidcConfig.FetchUserInfo f ? f.text()
                    : value instanceof OidcConfig.SessionMode m ? m.name().toLowerCase(java.util.Locale.ROOT) : value.toString();
            case RULES -> {
                List<String> rules = new ArrayList<>();
                for (Object o : (List<?>) value) rules.add(format((AccessRule) o));
                yield String.join(", ", rules);
            }
            default -> value.toString();
        };
    }

    /** The secrets of a space- or comma-separated {@code OIDC_SESSION_SECRET}, in order; empty for none. */
    static List<String> secrets(String value) {
        if (value == null) return List.of();
        return Arrays.stream(value.trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** One of the setting's {@link Setting#choices()}, in any case. */
    private static String choice(Setting setting, String text) {
        for (String c : setting.choices()) {
            if (c.equalsIgnoreCase(text)) return c;
        }
        throw new IllegalArgumentException("not one of " + setting.choices());
    }

    @SuppressWarnings("unchecked")
    private static Iterable<String> words(Object value) {
        return (Iterable<String>) value;
    }

    private static String format(AccessRule rule) {
        Requirement r = rule.requirement();
        String roles = r.roles().isEmpty() ? "" : " role:" + String.join("|", r.roles().stream().sorted().toList());
        String scopes = r.scopes().isEmpty() ? "" : " scope:" + String.join("|", r.scopes().stream().sorted().toList());
        String proof = switch (r.credential()) {
            case SESSION -> r.api() ? " api" : "";
            case BEARER -> " bearer";
            case BEARER_OR_SESSION -> " bearer-or-session";
        };
        return rule.pattern() + roles + scopes + proof;
    }

    /** The base path as the routes use it: starting and ending with {@code /}. */
    static String normaliseBasePath(String raw) {
        String p = raw == null || raw.isBlank() ? "/" : raw.trim();
        if (!p.startsWith("/")) p = "/" + p;
        if (!p.endsWith("/")) p = p + "/";
        return p;
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** An absolute URL with a host. */
    static URI uri(String v) {
        try {
            URI u = new URI(v.trim());
            if (!u.isAbsolute() || u.getHost() == null) throw new IllegalArgumentException("not absolute");
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL", e);
        }
    }

    private static boolean bool(String v) {
        String t = v.toLowerCase(Locale.ROOT);
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw new IllegalArgumentException("not a boolean");
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 8h}, or a bare number of seconds; ISO-8601 also works. */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) return Duration.parse(v.trim());
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
