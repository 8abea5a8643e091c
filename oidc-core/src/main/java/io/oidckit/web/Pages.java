package io.oidckit.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed pages the core answers with, and the headers every answer of the core carries. None of them ever
 * shows request parameters, provider-supplied text or a stack trace (docs/contract.md, "Error answers"): one
 * template per status, and the only variable part is the app's own base path from configuration.
 */
public final class Pages {
    private Pages() {
    }

    /** On every answer about a signed-in user or an auth route: personal data never sits in a shared cache. */
    public static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    /** Headers on every page and JSON error the core writes. */
    public static final Map<String, String> SECURE;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        // No form-action: Chrome applies it to the redirect after the logout form, which goes to the provider.
        h.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        h.put("Referrer-Policy", "no-referrer");
        SECURE = Map.copyOf(h);
    }

    /** The fixed page for {@code status} with {@link #SECURE}; see {@link Outcome#errorPage}. */
    public static Outcome.Page error(int status, String basePath) {
        return new Outcome.Page(status, errorHtml(status, basePath), SECURE);
    }

    private static String errorHtml(int status, String basePath) {
        return switch (status) {
            case 400 -> page("Sign-in failed", "The sign-in could not be completed. This happens when a sign-in link "
                    + "is used twice, is too old, or was tampered with.", "Start again", basePath);
            case 401 -> page("Sign-in required", "Please sign in to continue.", "Go to the home page", basePath);
            case 404 -> page("Not found", "There is no page at this address.", "Go to the home page", basePath);
            case 403 -> page("Access denied", "You are signed in, but your account does not have access to this page.",
                    "Go to the home page", basePath);
            case 503 -> page("Sign-in is unavailable", "The sign-in service cannot be reached right now. "
                    + "Please try again in a moment.", "Go to the home page", basePath);
            default -> page("Sign-in failed", "The sign-in service gave an answer this app cannot use. "
                    + "Please try again later.", "Go to the home page", basePath);
        };
    }

    /** The answer to a cross-site logout request: a button, so only a deliberate click logs out. */
    public static Outcome.Page logoutConfirm(String logoutPath, String basePath) {
        return new Outcome.Page(200, shell("Log out?", "<h1>Log out?</h1><p>A page on another site asked to log you out.</p>"
                + "<form method=\"post\" action=\"" + io.oidckit.Html.escape(logoutPath) + "\"><button type=\"submit\">Log out</button></form>"
                + "<p><a href=\"" + io.oidckit.Html.escape(basePath) + "\">Stay signed in</a></p>"), SECURE);
    }

    /**
     * The answer to a front-channel logout (OpenID Connect Front-Channel Logout 1.0 §2), which the provider shows in
     * an invisible frame: only {@code providerOrigin} may frame it, nothing on it runs or loads.
     */
    public static Outcome.Page signedOutFrame(String providerOrigin) {
        Map<String, String> h = new LinkedHashMap<>(SECURE);
        h.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors " + providerOrigin);
        return new Outcome.Page(200, shell("Signed out", "<h1>Signed out</h1><p>You are signed out of this app.</p>"), h);
    }

    private static String page(String title, String text, String link, String basePath) {
        return shell(title, "<h1>" + title + "</h1><p>" + text + "</p><p><a href=\"" + io.oidckit.Html.escape(basePath) + "\">"
                + link + "</a></p>");
    }

    private static String shell(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;"
                + "color:#222;line-height:1.5}h1{font-size:1.5rem}a,button{color:#0b5cad;font:inherit}"
                + "button{padding:.4rem 1rem;cursor:pointer}</style></head><body>" + body + "</body></html>";
    }
}
