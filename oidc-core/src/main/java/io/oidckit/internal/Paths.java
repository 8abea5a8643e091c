package io.oidckit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** Request path normalisation and the open-redirect guard for {@code return_to}. */
public final class Paths {
    private Paths() {
    }

    /**
     * The path as the application's router will most likely see it: {@code ;} parameters dropped, percent-decoded,
     * repeated slashes collapsed, dot segments resolved. Rules are matched against this, so spelling variants of a
     * protected path are protected too. Returns {@code null} for a path that climbs above the root.
     */
    public static String normalise(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        // Most paths are already in normal form; seeing that is a scan, not a decode and a rebuild (the hot path).
        if (plain(rawPath)) return rawPath;
        return rebuild(rawPath);
    }

    /** The normal form, decoded and rebuilt segment by segment; {@link #normalise} without its shortcut. */
    static String rebuild(String rawPath) {
        StringBuilder noParams = new StringBuilder(rawPath.length());
        for (String seg : rawPath.split("/", -1)) {
            int semi = seg.indexOf(';');
            noParams.append(semi >= 0 ? seg.substring(0, semi) : seg).append('/');
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(noParams.toString().replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = noParams.toString();
        }
        decoded = decoded.replace('\\', '/');
        Deque<String> out = new ArrayDeque<>();
        for (String seg : decoded.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (out.isEmpty()) return null;
                out.removeLast();
            } else {
                out.addLast(seg);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String s : out) b.append('/').append(s);
        boolean trailing = rawPath.endsWith("/") && !out.isEmpty();
        return b.length() == 0 ? "/" : trailing ? b.append('/').toString() : b.toString();
    }

    /**
     * Whether normalising would give {@code rawPath} back: it starts with {@code /}, and has no percent-encoding, no
     * {@code ;} parameters, no backslash, no empty segment and no dot segment.
     */
    private static boolean plain(String rawPath) {
        if (rawPath.charAt(0) != '/') return false;
        int n = rawPath.length();
        for (int i = 0; i < n; i++) {
            char c = rawPath.charAt(i);
            if (c == '%' || c == ';' || c == '\\') return false;
            if (c == '/' && i + 1 < n) {
                char next = rawPath.charAt(i + 1);
                if (next == '/') return false;
                if (next == '.') {
                    int end = i + 2 < n && rawPath.charAt(i + 2) == '.' ? i + 3 : i + 2;
                    if (end >= n || rawPath.charAt(end) == '/') return false; // "/." or "/.." as a segment
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code returnTo} (already decoded once) is a path on this app: it starts with exactly one {@code /},
     * its second character is not {@code /} or {@code \}, and it holds no backslash or control character (browsers
     * drop tabs and newlines, so {@code /\t/evil.example} would become {@code //evil.example}).
     */
    public static boolean isSafeReturnTo(String returnTo) {
        if (returnTo == null || returnTo.isEmpty() || returnTo.length() > 2048) return false;
        if (returnTo.charAt(0) != '/') return false;
        if (returnTo.length() > 1 && (returnTo.charAt(1) == '/' || returnTo.charAt(1) == '\\')) return false;
        for (int i = 0; i < returnTo.length(); i++) {
            char c = returnTo.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) return false;
        }
        // An encoded slash or backslash right after the first slash would be decoded again by some servers.
        String lower = returnTo.toLowerCase(java.util.Locale.ROOT);
        return !(lower.startsWith("/%2f") || lower.startsWith("/%5c"));
    }
}
