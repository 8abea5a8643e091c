package io.oidckit.internal;

/**
 * Provider- and request-supplied text on its way into a log line: control characters escaped (no forged log
 * lines), markup characters escaped (no script if a log viewer renders HTML), and the length capped.
 */
public final class LogText {
    private static final int MAX = 200;

    private LogText() {
    }

    public static String clean(String s) {
        if (s == null) return "(none)";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '&' || c == '\'') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX) b.append("...");
        return b.toString();
    }
}
