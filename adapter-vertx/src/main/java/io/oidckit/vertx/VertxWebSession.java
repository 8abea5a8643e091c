package io.oidckit.vertx;

import io.oidckit.web.WebSession;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;

/**
 * The session of Vert.x Web's {@link SessionHandler} through the core's port; plain strings, which any
 * {@code SessionStore} (local, clustered, Redis) carries unchanged. Calling {@link RoutingContext#session()} marks a
 * session as used, and a lazy handler then stores it and sets a cookie: reads look at it only when the browser sent
 * a session cookie or it was used in this request, so an anonymous visitor of a public page gets no cookie. The core
 * may write after a provider call, on that call's thread: a hand-off, since the request waits for the core's answer.
 */
final class VertxWebSession implements WebSession {
    /** Set on a request {@link VertxOidc#mount} let through without running the {@code SessionHandler}. */
    static final String SESSIONLESS_KEY = VertxWebSession.class.getName() + ".sessionless";
    private final RoutingContext ctx;
    private final SessionHandler sessionHandler;
    private final String cookieName;
    private boolean invalidated;

    VertxWebSession(RoutingContext ctx, SessionHandler sessionHandler, String cookieName) {
        this.ctx = ctx;
        this.sessionHandler = sessionHandler;
        this.cookieName = cookieName;
    }

    /** The session, or {@code null} when there certainly is none worth reading; never marks a new one as used. */
    private Session existing() {
        if (invalidated) return null;
        if (!ctx.isSessionAccessed() && ctx.request().getCookie(cookieName) == null) return null;
        Session s = ctx.session();
        return s == null || s.isDestroyed() ? null : s;
    }

    private Session writable() {
        Session s = ctx.session();
        // A bearer request without the SessionHandler (VertxOidc.mount) at a route that writes: a new session now.
        if (s == null && ctx.get(SESSIONLESS_KEY) != null) s = sessionHandler.newSession(ctx);
        if (s == null) {
            throw new IllegalStateException("no Vert.x SessionHandler runs before the oidckit handler: mount it with "
                    + "VertxOidc.mount(router) or put VertxOidc.sessionHandler(store) first on the route");
        }
        if (s.isDestroyed()) {
            // A write after logout (the logout state) starts a fresh session. The destroyed one is flushed first:
            // once newSession replaces it in the context, the SessionHandler would never delete it from the store.
            sessionHandler.flush(ctx, true);
            s = sessionHandler.newSession(ctx);
        }
        invalidated = false;
        return s;
    }

    @Override
    public String get(String key) {
        Session s = existing();
        if (s == null) return null;
        Object v = s.get(key);
        return v instanceof String str ? str : null;
    }

    @Override
    public void put(String key, String value) {
        writable().put(key, value);
    }

    @Override
    public void remove(String key) {
        Session s = existing();
        if (s != null) s.remove(key);
    }

    @Override
    public void renewId() {
        writable().regenerateId();
    }

    @Override
    public void invalidate() {
        boolean hadSession = existing() != null;
        invalidated = true;
        // clear() destroys the session (the SessionHandler then expires the cookie and deletes it from the store)
        // and drops the Vert.x user of this request.
        if (hadSession || ctx.user() != null) ctx.userContext().clear();
    }
}
