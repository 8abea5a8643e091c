package io.oidckit.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.SessionForRequest;
import io.oidckit.web.WebSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * micronaut-session's {@link Session} seen through the core's port. The session lives in the request attribute
 * {@link HttpSessionFilter#SESSION_ATTRIBUTE}, where {@link HttpSessionFilter} put it (from the cookie) and where it
 * looks for it again to save it and write the cookie; so this class only ever swaps that attribute, and any
 * {@link SessionStore} (in memory, Redis, ...) works unchanged.
 *
 * <p>Store operations that are asynchronous (deleting the old session at login and logout) are collected in
 * {@link #stored()}, which the filter waits for without blocking before it answers.
 */
final class MicronautWebSession implements WebSession {
    private static final System.Logger LOG = System.getLogger("io.oidckit.micronaut");
    private final HttpRequest<?> request;
    private final SessionStore<Session> store;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private boolean invalidated;

    MicronautWebSession(HttpRequest<?> request, SessionStore<Session> store) {
        this.request = request;
        this.store = store;
    }

    private Optional<Session> current() {
        return SessionForRequest.find(request);
    }

    @Override
    public String get(String key) {
        // find, never findOrCreate: reading must not start a session (no cookie for anonymous visitors).
        return current().flatMap(s -> s.get(key, String.class)).orElse(null);
    }

    @Override
    public void put(String key, String value) {
        SessionForRequest.findOrCreate(request, store).put(key, value);
    }

    @Override
    public void remove(String key) {
        current().ifPresent(s -> s.remove(key));
    }

    /**
     * micronaut-session cannot change a session's id in place, so this makes a new session with the same content,
     * deletes the old one from the store, and hands the new one to {@link HttpSessionFilter}, which saves it and
     * sends its cookie.
     */
    @Override
    public void renewId() {
        Session fresh = store.newSession();
        Optional<Session> old = current();
        if (old.isPresent()) {
            Session s = old.get();
            for (String name : s.names()) {
                s.get(name).ifPresent(value -> fresh.put(name, value));
            }
            fresh.setMaxInactiveInterval(s.getMaxInactiveInterval());
            if (!s.isNew()) pending.add(store.deleteSession(s.getId()));
        }
        request.setAttribute(HttpSessionFilter.SESSION_ATTRIBUTE, fresh);
    }

    @Override
    public void invalidate() {
        Optional<Session> old = current();
        if (old.isEmpty()) return;
        if (!old.get().isNew()) pending.add(store.deleteSession(old.get().getId()));
        request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
        invalidated = true;
    }

    /** Completes when every store operation started here has completed (successfully or not). */
    CompletableFuture<Void> stored() {
        if (pending.isEmpty()) return CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> {
            // The browser's cookie is replaced or cleared all the same; the old id only lingers in the store until
            // it expires, so the answer goes out, but an operator must hear of it.
            LOG.log(System.Logger.Level.WARNING, "the session store could not delete an old session: " + e);
            return null;
        });
    }

    /** Whether the session was ended here and none was started after it, so the browser's cookie must be cleared. */
    boolean ended() {
        return invalidated && current().isEmpty();
    }
}
