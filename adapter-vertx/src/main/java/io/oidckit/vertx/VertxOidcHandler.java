package io.oidckit.vertx;

import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.web.ContentTypes;
import io.oidckit.web.Outcome;
import io.oidckit.web.SessionChange;
import io.oidckit.web.WebRequest;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.impl.UserContextInternal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The oidckit handler, for every request right after its {@link SessionHandler} (both mounted by
 * {@link VertxOidc#mount}): it answers the auth routes, protects the configured routes, and lets every other request
 * go on with the signed-in user as {@link RoutingContext#user()} and {@link VertxOidc#user(RoutingContext)}. It never
 * blocks: a provider call's {@link CompletionStage} becomes a {@link Future} on this request's context.
 *
 * <p>The core's session values are the truth; the Vert.x user mirrors them. The {@code SessionHandler} keeps the
 * user it was given and restores it on the next request, so this handler hands it a user only when that changes (at
 * login, via {@link SessionHandler#setUser}), and takes it back when the core no longer has one.
 */
public final class VertxOidcHandler implements AuthenticationHandler {
    /** The {@link RoutingContext} data key of the signed-in {@link OidcUser}. */
    static final String USER_KEY = OidcUser.class.getName();
    /** The data key under which this handler leaves itself for the route-level helpers. */
    static final String HANDLER_KEY = VertxOidcHandler.class.getName();
    private static final String READING_BODY = HANDLER_KEY + ".body";

    private static final System.Logger LOG = System.getLogger("io.oidckit.vertx");

    private final RelyingParty rp;
    private final SessionHandler sessionHandler;
    private final String cookieName;
    private final boolean cookieMode;
    /** Cookie mode and bearer tokens: the Vert.x user of each core user, made once (the core hands back the same). */
    private final java.util.Map<OidcUser, User> users = new java.util.concurrent.ConcurrentHashMap<>();

    VertxOidcHandler(RelyingParty rp, SessionHandler sessionHandler, String cookieName) {
        this.rp = rp;
        this.cookieMode = rp.config().sessionMode() == io.oidckit.OidcConfig.SessionMode.COOKIE;
        this.sessionHandler = sessionHandler;
        this.cookieName = cookieName;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(HANDLER_KEY, this);
        VertxWebSession session = session(ctx);
        answer(ctx, session, rp.handle(request(ctx), session));
    }

    /** Finishes with the core's answer: at once when it is there (no provider call), else back on this context. */
    private void answer(RoutingContext ctx, VertxWebSession session, CompletionStage<Outcome> answer) {
        CompletableFuture<Outcome> done = answer.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            // The usual case (no provider call): already on this request's event loop, no hop needed.
            finish(ctx, session, done.getNow(null));
            return;
        }
        // Data of a request body (a POST logout) must not be lost while the provider is asked.
        // (Unless the core is reading the body itself: back-channel logout.)
        if (!ctx.request().isEnded() && ctx.get(READING_BODY) == null) ctx.request().pause();
        Future.fromCompletionStage(answer, ctx.vertx().getOrCreateContext()).onComplete(ar -> {
            if (!ctx.request().isEnded()) ctx.request().resume();
            if (ar.succeeded()) {
                finish(ctx, session, ar.result());
            } else {
                ctx.fail(ar.cause()); // the core's stage never fails; this is a bug, and Vert.x's failure handlers answer it
            }
        });
    }

    /** The raw path and query, never Vert.x's normalised path: the core normalises them itself. */
    private static WebRequest request(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        return WebRequest.of(r.method().name(), r.path(), r.query(), r::getHeader, max -> body(ctx, max));
    }

    /** The body for back-channel logout: a BodyHandler's, or the request's of a Content-Length of at most max. */
    private static CompletionStage<byte[]> body(RoutingContext ctx, int max) {
        if (ctx.body().available()) return CompletableFuture.completedFuture(
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !length.matches("[0-9]{1,9}") || Long.parseLong(length) > max) {
            return CompletableFuture.failedFuture(new java.io.IOException("no Content-Length, or one over " + max));
        }
        ctx.put(READING_BODY, true);
        Future<io.vertx.core.buffer.Buffer> body = ctx.request().body();
        ctx.request().resume(); // the router pauses every request until a handler takes its body
        return body.map(io.vertx.core.buffer.Buffer::getBytes).toCompletionStage();
    }

    VertxWebSession session(RoutingContext ctx) {
        return new VertxWebSession(ctx, sessionHandler, cookieName);
    }

    /** A route-level check ({@link VertxOidc#require}), answered like the configured rules. */
    void authorize(RoutingContext ctx, Requirement requirement) {
        VertxWebSession session = session(ctx);
        answer(ctx, session, rp.authorize(request(ctx), session, requirement));
    }

    /**
     * Brings the Vert.x user in line with the core, stores the session when this handler answers, then renders the
     * outcome: the one place where an {@link Outcome} becomes a Vert.x response.
     */
    private void finish(RoutingContext ctx, VertxWebSession session, Outcome outcome) {
        if (cookieMode || outcome instanceof Outcome.Continue c && c.user() != null && c.user().viaBearerToken()) {
            // A bearer token, or cookie mode: the user of this request only, from what the request carried; the
            // Vert.x session is never touched, so it is never created.
            if (outcome instanceof Outcome.Continue c && c.user() != null) {
                if (users.size() >= 10_000) users.clear(); // bounded, as the core's own memos
                ((UserContextInternal) ctx.userContext()).setUser(users.computeIfAbsent(c.user(), VertxUsers::toVertx));
            }
            render(ctx, outcome);
            return;
        }
        boolean answered = !(outcome instanceof Outcome.Continue);
        // Who is signed in now, when the outcome says: a login or logout, or the user a request goes on with.
        SessionChange change = outcome.session();
        boolean known = !answered || !(change instanceof SessionChange.None);
        OidcUser target = change instanceof SessionChange.SignedIn in ? in.user()
                : outcome instanceof Outcome.Continue c ? c.user() : null;
        User current = ctx.user();
        Future<Void> stored;
        if (known && target != null && !VertxUsers.represents(current, target)) {
            // A login (or a store that lost the Vert.x user): setUser also stores the session and sets its cookie.
            stored = sessionHandler.setUser(ctx, VertxUsers.toVertx(target));
        } else if (known && target == null && VertxUsers.isOurs(current)) {
            // The local session ended (OIDC_SESSION_MAX_AGE); the user Vert.x restored from the session is stale.
            stored = sessionHandler.setUser(ctx, null);
        } else if (answered) {
            // Stored now, whatever the status: a callback that failed has still used up its pending login, and the
            // browser may follow a redirect before a store written at the end of the response has the session.
            stored = sessionHandler.flush(ctx, true);
        } else {
            stored = null; // the app goes on; the SessionHandler stores the session when the response is written
        }
        if (stored == null) {
            render(ctx, outcome);
            return;
        }
        stored.onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(System.Logger.Level.WARNING, "oidckit: the session could not be stored: " + ar.cause());
                ctx.fail(ar.cause());
            } else {
                render(ctx, outcome);
            }
        });
    }

    private static void render(RoutingContext ctx, Outcome outcome) {
        HttpServerResponse response = ctx.response();
        outcome.headers().forEach(response::putHeader);
        outcome.cookies().forEach(cookie -> response.headers().add(HttpHeaders.SET_COOKIE, cookie));
        if (outcome instanceof Outcome.Continue c) {
            if (c.user() != null) ctx.put(USER_KEY, c.user());
            // Vert.x encodes strings in UTF-8; the app's text and JSON answers say so (ContentTypes#sayUtf8).
            ctx.addHeadersEndHandler(v -> {
                String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
                if (type != null) response.putHeader(HttpHeaders.CONTENT_TYPE, ContentTypes.sayUtf8(type));
            });
            ctx.next();
        } else {
            Outcome.Answer answer = (Outcome.Answer) outcome; // status, every header (Location too), type and body
            if (answer.contentType() != null) response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
            response.setStatusCode(answer.status()).end(answer.body());
        }
    }
}
