package io.oidckit.internal;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** Small JSON helpers over the JSON support nimbus-jose-jwt already brings; no extra dependency. */
public final class Json {
    private Json() {
    }

    /** Appends {@code s} as a JSON string literal, or {@code null}. */
    public static StringBuilder quote(StringBuilder b, String s) {
        if (s == null) return b.append("null");
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                // < > & escaped so a JSON answer can never be sniffed or embedded as markup
                case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"');
    }

    public static Map<String, Object> parseObject(String json) throws ParseException {
        return JSONObjectUtils.parse(json);
    }

    public static String write(Map<String, ?> map) {
        return JSONObjectUtils.toJSONString(map);
    }

    public static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof String s ? s : null;
    }

    public static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
