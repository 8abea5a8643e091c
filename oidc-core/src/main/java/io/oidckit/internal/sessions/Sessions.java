package io.oidckit.internal.sessions;

import io.oidckit.OidcConfig;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

/**
 * Where a relying party keeps its state, from the configuration: {@code OIDC_SESSION_MODE} (the framework's session,
 * or sealed cookies) and {@code OIDC_SESSION_SECRET} (with one, pending logins are sealed cookies in either mode).
 */
public final class Sessions {
    private final boolean secure;
    private final CookieSession.Kind cookieSessions;
    private final PendingLogins pending;

    public Sessions(OidcConfig config, String callbackPath, String logoutPath) {
        this.secure = "https".equalsIgnoreCase(config.redirectUri().getScheme());
        java.util.List<String> secrets = config.sessionSecrets();
        this.cookieSessions = config.sessionMode() == OidcConfig.SessionMode.COOKIE
                ? new CookieSession.Kind(new Sealer(secrets, "session"), new Sealer(secrets, "id-token"), config.basePath(), logoutPath,
                config.sessionMaxAge().toSeconds(), config.sessionIdleTimeout().toSeconds())
                : null;
        this.pending = new PendingLogins(config.maxPendingLogins(), config.pendingLoginTtl(),
                secrets.isEmpty() ? null : new Sealer(secrets, "pending-login"), callbackPath);
    }

    /** Seals and opens a value of each kind, so the first real request does not load the classes for it. */
    public void warmUp() {
        if (cookieSessions != null) cookieSessions.warmUp();
        pending.warmUp();
    }

    public PendingLogins pending() {
        return pending;
    }

    /** This request's state: {@code adapterSession} in framework mode, the request's cookies in cookie mode. */
    public Visit open(WebRequest request, WebSession adapterSession, long now) {
        boolean cookies = cookieSessions != null || pending.inCookies();
        CookieJar jar = CookieJar.read(cookies ? request.header("Cookie") : null, secure);
        if (cookieSessions == null) return new Visit(new StoreGuard(adapterSession), jar, null);
        CookieSession s = cookieSessions.open(jar, now);
        return new Visit(s, jar, s);
    }
}
