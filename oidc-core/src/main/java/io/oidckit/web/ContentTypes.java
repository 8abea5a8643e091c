package io.oidckit.web;

import java.util.Locale;

/**
 * Every HTML and JSON answer of an app behind an adapter says it is UTF-8 (docs/contract.md): frameworks that
 * encode text in UTF-8 but write {@code text/html} or {@code application/json} without a charset leave the client
 * to guess, and one that guesses ISO-8859-1 turns "Zoë" into "ZoÃ«". Adapters pass the app's content type through
 * here just before the headers go out.
 */
public final class ContentTypes {
    private ContentTypes() {
    }

    /**
     * {@code type} with {@code ;charset=utf-8} when it is text or JSON without a charset of its own; otherwise (a
     * charset named by the app, a binary type, {@code null}) unchanged.
     */
    public static String sayUtf8(String type) {
        if (type == null) return null;
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("charset=")) return type;
        String media = t.split(";", 2)[0].trim();
        boolean text = media.startsWith("text/") || media.equals("application/json") || media.endsWith("+json");
        return text ? type + ";charset=utf-8" : type;
    }
}
