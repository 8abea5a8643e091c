package io.oidckit.testprovider;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} parsing and encoding (HTML URL spec, used by RFC 6749 Appendix B). */
final class Forms {
    private Forms() {}

    /** Parses a raw (still percent-encoded) query string or form body; keeps repeated names in order. */
    static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** The first value of every parameter, as an unmodifiable map (what the observation API exposes). */
    static Map<String, String> firstValues(Map<String, List<String>> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.get(0)));
        return Collections.unmodifiableMap(out);
    }

    /** The name of a parameter given more than once, or null; RFC 6749 §3.1 and §3.2 forbid repeats. */
    static String repeated(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().size() > 1) {
                return e.getKey();
            }
        }
        return null;
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Appends parameters to a URI's query, keeping any query it already has (RFC 6749 §3.1.2: the query
     * component of a redirection URI MUST be retained). Null values are skipped.
     */
    static String appendQuery(String uri, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(uri);
        int hash = uri.indexOf('#');
        if (hash >= 0) {
            sb.setLength(hash); // fragments are not allowed in redirection URIs (RFC 6749 §3.1.2); drop defensively
        }
        char sep = sb.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }
}
