package io.oidckit.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where settings come from: one or more key→value sources, each read in one or more {@link Naming}s, the first
 * that has a setting winning ({@link #then}). {@code OidcConfig.from(source)} reads every {@link Setting} through
 * it, so an adapter maps a source, never a list of names: the environment, a {@code Map}, Spring's
 * {@code Environment}, Micronaut's {@code PropertyResolver}, a Vert.x {@code JsonObject}, servlet init-params.
 *
 * <p>A value is text, a number, a boolean, or a list of them (joined as {@link Setting.Type#separator()} says);
 * blank text counts as unset, so a lower source's value is used then. Each value is found under a key, and
 * errors name the setting by that key, the way its user wrote it. The keys a source holds also say which look
 * like settings but are none ({@link #unknownKeys()}): each gets a warning with the closest known name.
 */
public final class SettingsSource {
    /** A value, and the key it was found under. */
    public record Entry(String key, Object value) {
    }

    /**
     * A key that is written like a setting ({@code oidckit.client-secert}, {@code OIDC_CLIENT_SECERT}) but names
     * none, and the closest known name written the same way ({@code oidckit.client-secret}), or {@code null}.
     */
    public record UnknownKey(String key, String suggestion) {
    }

    private interface Finder {
        Entry find(Setting setting);
    }

    private record Layer(List<Naming> namings, Finder finder, Iterable<String> keys) {
    }

    private final List<Layer> layers;
    private final Set<String> extras;

    private SettingsSource(List<Layer> layers, Set<String> extras) {
        this.layers = List.copyOf(layers);
        this.extras = Set.copyOf(extras);
    }

    /** The entries of {@code values} (the environment, init-params, a JSON object's map), read in {@code namings}. */
    public static SettingsSource of(Map<String, ?> values, Naming... namings) {
        Objects.requireNonNull(values, "values");
        List<Naming> n = List.of(namings);
        if (n.isEmpty()) throw new IllegalArgumentException("at least one naming");
        Finder finder = setting -> {
            for (Naming naming : n) {
                String key = naming.keyOf(setting);
                if (isSet(values.get(key))) return new Entry(key, values.get(key));
            }
            for (Map.Entry<String, ?> e : values.entrySet()) {
                if (!isSet(e.getValue())) continue;
                for (Naming naming : n) {
                    if (naming.match(e.getKey()).orElse(null) == setting) return new Entry(e.getKey(), e.getValue());
                }
            }
            return null;
        };
        return new SettingsSource(List.of(new Layer(n, finder, values.keySet())), Set.of());
    }

    /**
     * A key→value function, asked for each setting by its key in {@code naming} and then by any of {@code keys}
     * that names it loosely ({@code oidckit.fetchUserinfo}). {@code keys} are the names the source holds, as far as
     * it can list them: they also give the {@link #unknownKeys()}. For Spring's {@code Environment} and Micronaut's
     * {@code PropertyResolver}, which resolve their own precedence and relaxed names. {@code lookup} may throw an
     * {@link IllegalArgumentException} for a value it cannot read: that setting is then reported as malformed.
     */
    public static SettingsSource of(Naming naming, Function<String, ?> lookup, Iterable<String> keys) {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(lookup, "lookup");
        Finder finder = setting -> {
            String key = naming.keyOf(setting);
            Object value = lookup.apply(key);
            if (isSet(value)) return new Entry(key, value);
            for (String k : keys) {
                if (k.equals(key) || naming.match(k).orElse(null) != setting) continue;
                value = lookup.apply(k);
                if (isSet(value)) return new Entry(k, value);
            }
            return null;
        };
        return new SettingsSource(List.of(new Layer(List.of(naming), finder, keys)), Set.of());
    }

    /** The process environment, by the contract's names. */
    public static SettingsSource environment() {
        return of(System.getenv(), Naming.ENV);
    }

    /** This source, and {@code lower} for the settings this one does not have. */
    public SettingsSource then(SettingsSource lower) {
        List<Layer> all = new ArrayList<>(layers);
        all.addAll(lower.layers);
        Set<String> e = new LinkedHashSet<>(extras);
        e.addAll(lower.extras);
        return new SettingsSource(all, e);
    }

    /**
     * The same source, knowing that the adapter itself reads these properties below {@code oidckit.}
     * ({@code enabled}), so that they get no warning.
     */
    public SettingsSource alsoReading(String... properties) {
        Set<String> e = new LinkedHashSet<>(extras);
        e.addAll(List.of(properties));
        return new SettingsSource(layers, e);
    }

    /**
     * The value of {@code setting}, from the first source that has one, with the key it was found under; {@code null}
     * when none has.
     *
     * @throws IllegalArgumentException when a source cannot read the value it holds
     */
    public Entry find(Setting setting) {
        for (Layer layer : layers) {
            Entry e = layer.finder().find(setting);
            if (e != null) return e;
        }
        return null;
    }

    /** How this source's first naming writes {@code setting}: how a message names a setting that was not found. */
    public String nameOf(Setting setting) {
        return layers.get(0).namings().get(0).keyOf(setting);
    }

    /** Every way this source reads {@code setting}, first one first: {@code oidckit.client-id}, {@code OIDC_CLIENT_ID}. */
    public List<String> namesOf(Setting setting) {
        Set<String> names = new LinkedHashSet<>();
        for (Layer layer : layers) {
            for (Naming n : layer.namings()) names.add(n.keyOf(setting));
        }
        return List.copyOf(names);
    }

    /** The keys that are written like settings but name none, each once, in the order the sources hold them. */
    public List<UnknownKey> unknownKeys() {
        Map<String, UnknownKey> unknown = new LinkedHashMap<>();
        for (Layer layer : layers) {
            for (String key : layer.keys()) {
                if (key == null || unknown.containsKey(key) || known(key)) continue;
                UnknownKey u = unknown(key, layer.namings());
                if (u != null) unknown.put(key, u);
            }
        }
        return List.copyOf(unknown.values());
    }

    private boolean known(String key) {
        for (Layer layer : layers) {
            for (Naming n : layer.namings()) {
                if (n.owner(key).isPresent()) return true;
            }
        }
        String word = Naming.PROPERTY.word(key);
        return word != null && extras.stream().anyMatch(e -> Naming.loose(Naming.stem(word)).equals(Naming.loose(e)));
    }

    private UnknownKey unknown(String key, List<Naming> namings) {
        for (Naming n : namings) {
            if (n.marks(key)) return new UnknownKey(key, suggest(key, n));
        }
        if (namings.contains(Naming.JSON)) {
            String suggestion = suggest(key, Naming.JSON);
            if (suggestion != null) return new UnknownKey(key, suggestion);
        }
        return null;
    }

    private String suggest(String key, Naming naming) {
        String word = naming.word(key);
        if (naming == Naming.ENV && word.startsWith("OIDC_")) word = word.substring("OIDC_".length());
        if (naming == Naming.PROPERTY) word = Naming.stem(word);
        Collection<String> candidates = new ArrayList<>();
        for (Setting s : Setting.values()) candidates.add(s.key());
        if (naming == Naming.PROPERTY) candidates.addAll(extras);
        String best = Suggestions.closest(word, candidates);
        if (best == null) return null;
        Setting setting = null;
        for (Setting s : Setting.values()) {
            if (s.key().equals(best)) setting = s;
        }
        return switch (naming) {
            case ENV -> setting.envName();
            case JSON -> setting.jsonKey();
            case PROPERTY -> key.startsWith(Setting.PREFIX + ".") || !Character.isUpperCase(key.charAt(0))
                    ? Setting.PREFIX + "." + best
                    : key.substring(0, Setting.PREFIX.length() + 1) + best.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        };
    }

    private static boolean isSet(Object value) {
        if (value == null) return false;
        if (value instanceof CharSequence text) return !text.toString().isBlank();
        if (value instanceof Collection<?> list) return !list.isEmpty();
        return true;
    }
}
