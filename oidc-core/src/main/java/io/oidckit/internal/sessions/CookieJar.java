package io.oidckit.internal.sessions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The core's own cookies of one request: those it received (only names starting {@code oidckit.}; the app's and the
 * framework's are none of its business), and the {@code Set-Cookie} values it answers with. Attributes follow
 * docs/contract.md, "Cookies": {@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} for an https redirect URI,
 * no {@code Domain}.
 */
public final class CookieJar {
    /** The prefix of every cookie the core sets. */
    public static final String PREFIX = "oidckit.";
    /** A browser keeps at most 4096 bytes per cookie (RFC 6265 §6.1); no {@code Set-Cookie} of ours is longer. */
    public static final int MAX_SET_COOKIE = 4096;

    private final Map<String, String> received;
    private final boolean secure;
    private final Map<String, String> out = new LinkedHashMap<>();

    private CookieJar(Map<String, String> received, boolean secure) {
        this.received = received;
        this.secure = secure;
    }

    /** The cookies of a request's {@code Cookie} header (RFC 6265 §5.4), ours only; the first of a repeated name. */
    public static CookieJar read(String cookieHeader, boolean secure) {
        Map<String, String> mine = new LinkedHashMap<>();
        if (cookieHeader != null && cookieHeader.contains(PREFIX)) {
            int i = 0, n = cookieHeader.length();
            while (i < n) {
                int end = cookieHeader.indexOf(';', i);
                if (end < 0) end = n;
                int eq = cookieHeader.indexOf('=', i);
                if (eq > i && eq < end) {
                    String name = cookieHeader.substring(i, eq).trim();
                    if (name.startsWith(PREFIX)) mine.putIfAbsent(name, cookieHeader.substring(eq + 1, end).trim());
                }
                i = end + 1;
            }
        }
        return new CookieJar(mine, secure);
    }

    /** The value received under {@code name}, or {@code null}. */
    public String get(String name) {
        return received.get(name);
    }

    /** The names received that start with {@code prefix}. */
    public List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (String n : received.keySet()) {
            if (n.startsWith(prefix)) names.add(n);
        }
        return names;
    }

    /** The length of a {@code Set-Cookie} of {@code name} on {@code path} without its value. */
    int overhead(String name, String path, long maxAgeSeconds) {
        return attributes(name, "", path, maxAgeSeconds).length();
    }

    /** Sets {@code name} for {@code maxAgeSeconds} (at least 1) on {@code path}; a later call for the name wins. */
    public void set(String name, String value, String path, long maxAgeSeconds) {
        out.put(name, attributes(name, value, path, Math.max(1, maxAgeSeconds)));
    }

    /** Clears {@code name} on {@code path}, if the browser sent it (nothing to clear otherwise). */
    public void clear(String name, String path) {
        if (received.containsKey(name) || out.containsKey(name)) clearUnseen(name, path);
    }

    /** Clears {@code name} on {@code path} whether or not this request received it (it may live on another path). */
    public void clearUnseen(String name, String path) {
        out.put(name, attributes(name, "", path, 0));
    }

    private String attributes(String name, String value, String path, long maxAge) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} values to answer with, in the order they were decided. */
    public List<String> setCookies() {
        return out.isEmpty() ? List.of() : List.copyOf(out.values());
    }
}
