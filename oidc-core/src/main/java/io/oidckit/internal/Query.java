package io.oidckit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The query string, decoded once by the core so every adapter reads parameters the same way. */
public final class Query {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public Query(String raw) {
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name == null || value == null) {
                // Undecodable: keep a marker so the callback check rejects it instead of guessing.
                values.computeIfAbsent("\u0000invalid", k -> new ArrayList<>()).add(pair);
                continue;
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public String first(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public boolean malformed() {
        return values.containsKey("\u0000invalid");
    }
}
