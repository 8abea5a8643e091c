package io.oidckit.examples;

import io.oidckit.Html;
import io.oidckit.OidcUser;
import io.oidckit.web.Outcome;

import java.util.stream.Collectors;

/**
 * The demo app's pages, the same in the four examples (docs/contract.md, "Routes"). Every value that came from the
 * provider is HTML-escaped. The frameworks differ in how they route and bind the user; the pages do not.
 */
public final class DemoPages {
    private DemoPages() {
    }

    /** {@code GET B}: "Please log in" with a sign-in link, or "Welcome NAME" with a logout link. */
    public static String home(OidcUser user, String basePath) {
        String b = Html.escape(basePath);
        if (user == null) {
            return page("Home", "<h1>oidckit demo</h1><p>Please log in.</p>"
                    + "<p><a class=\"button\" href=\"" + b + "auth/login\">Sign in with OIDC</a></p>");
        }
        return page("Home", "<h1>Welcome " + Html.escape(user.displayName()) + "</h1>"
                + "<nav><a href=\"" + b + "profile\">Profile</a> <a href=\"" + b + "admin\">Admin</a> "
                + "<a href=\"" + b + "api/me\">api/me</a></nav>"
                + "<p><a class=\"button\" href=\"" + b + "auth/logout\">Logout</a></p>");
    }

    /** {@code GET B profile}: name, email, sub and roles. */
    public static String profile(OidcUser user, String basePath) {
        String roles = user.roles().isEmpty() ? "(none)"
                : user.roles().stream().sorted().map(Html::escape).collect(Collectors.joining(", "));
        return page("Profile", "<h1>Profile</h1><dl>"
                + "<dt>Name</dt><dd id=\"name\">" + Html.escape(orDash(user.fullName())) + "</dd>"
                + "<dt>Email</dt><dd id=\"email\">" + Html.escape(orDash(user.email())) + "</dd>"
                + "<dt>Subject</dt><dd id=\"sub\">" + Html.escape(user.subject()) + "</dd>"
                + "<dt>Roles</dt><dd id=\"roles\">" + roles + "</dd></dl>"
                + "<p><a href=\"" + Html.escape(basePath) + "\">Home</a></p>");
    }

    /** {@code GET B admin}: only users with the {@code admin} role get here. */
    public static String admin(OidcUser user, String basePath) {
        return page("Admin", "<h1>Admin</h1><p>Hello " + Html.escape(user.displayName())
                + ", you have the admin role.</p><p><a href=\"" + Html.escape(basePath) + "\">Home</a></p>");
    }

    /** {@code GET B api/me}: the contract's JSON. */
    public static String apiMe(OidcUser user) {
        return user.toJson();
    }

    /**
     * Any path the demo does not serve: the core's fixed 404 page ({@link Outcome#errorPage}), with its headers
     * ({@code Cache-Control: no-store}, {@code nosniff}, CSP, {@code Referrer-Policy}), so that the four examples
     * answer an unknown path alike instead of with their framework's own 404. An app writes
     * {@link Outcome.Page#status()}, every header of {@link Outcome.Page#headers()},
     * {@link Outcome.Page#contentType()} and {@link Outcome.Page#html()}, nothing else.
     */
    public static Outcome.Page notFound(String basePath) {
        return Outcome.errorPage(404, basePath);
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + title + " - oidckit demo</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330;line-height:1.55}"
                + "h1{font-size:1.6rem}nav a{margin-right:1rem}dl{display:grid;grid-template-columns:8rem 1fr;gap:.3rem 1rem}"
                + "dt{font-weight:600}dd{margin:0}a{color:#0b5cad}"
                + ".button{display:inline-block;padding:.45rem 1.1rem;border-radius:.4rem;background:#0b5cad;color:#fff;text-decoration:none}"
                + "</style></head><body>" + body + "</body></html>";
    }
}
