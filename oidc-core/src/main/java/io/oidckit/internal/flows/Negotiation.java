package io.oidckit.internal.flows;

import io.oidckit.web.WebRequest;

import java.util.Locale;

/** Whether a client asks for JSON rather than pages and redirects (docs/contract.md, "Routes"). */
final class Negotiation {
    private Negotiation() {
    }

    /** JSON when the client prefers it over HTML (q-values honoured), or when it says it is an XHR. */
    static boolean wantsJson(WebRequest request) {
        if ("XMLHttpRequest".equalsIgnoreCase(request.header("X-Requested-With"))) return true;
        String accept = request.header("Accept");
        if (accept == null) return false;
        double json = -1, html = -1;
        for (String part : accept.split(",")) {
            String[] bits = part.trim().split(";");
            String type = bits[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < bits.length; i++) {
                String b = bits[i].trim();
                if (b.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(b.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
                json = Math.max(json, q);
            } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            }
        }
        return json > 0 && json > html;
    }
}
