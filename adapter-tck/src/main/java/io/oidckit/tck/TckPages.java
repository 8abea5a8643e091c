package io.oidckit.tck;

import io.oidckit.Html;
import io.oidckit.OidcUser;

/**
 * The bodies of the minimal app's four routes. Every adapter's app serves exactly these, below the configured base
 * path {@code B} ({@code OidcConfig.basePath()}, {@code /} or for example {@code /app/}), so the kit can check the
 * same text on every framework:
 * <ul>
 *   <li>{@code GET B} (public): {@link #home}</li>
 *   <li>{@code GET B profile}: {@link #profile}</li>
 *   <li>{@code GET B admin}: {@link #admin}</li>
 *   <li>{@code GET B api/me}: {@link #apiMe}, as {@code application/json}</li>
 *   <li>{@code GET B api/token}: {@link #apiToken}, as {@code application/json}</li>
 * </ul>
 */
public final class TckPages {
    private TckPages() {
    }

    /** The home page: its login and logout links are below {@code basePath}, the app's {@code B}. */
    public static String home(OidcUser user, String basePath) {
        String b = Html.escape(basePath);
        return user == null
                ? "<html><body><p>Please log in</p><a href=\"" + b + "auth/login\">Sign in with OIDC</a></body></html>"
                : "<html><body><p>Welcome " + Html.escape(user.displayName()) + "</p><a href=\"" + b
                + "auth/logout\">Logout</a></body></html>";
    }

    public static String profile(OidcUser user) {
        return "<html><body><p>name=" + Html.escape(user.fullName()) + "</p><p>email=" + Html.escape(user.email())
                + "</p><p>sub=" + Html.escape(user.subject()) + "</p><p>roles="
                + Html.escape(String.join(",", user.roles().stream().sorted().toList())) + "</p></body></html>";
    }

    public static String admin(OidcUser user) {
        return "<html><body><p>Admin area for " + Html.escape(user.displayName()) + "</p></body></html>";
    }

    public static String apiMe(OidcUser user) {
        return user.toJson();
    }

    /**
     * {@code GET B api/token}: the access token the app got for the user ({@code OIDC_KEEP_TOKENS}), as an app that
     * calls an API on the user's behalf reads it: {@code {"access_token":…,"expires_at":…}}, the token {@code null}
     * when none is kept. The kit asks the provider whether the token is one it issued, still active, to that user.
     */
    public static String apiToken(OidcUser user) {
        StringBuilder b = new StringBuilder("{\"access_token\":");
        String t = user.accessToken();
        b.append(t == null ? "null" : "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        return b.append(",\"expires_at\":").append(user.accessTokenExpiresAt()).append('}').toString();
    }
}
