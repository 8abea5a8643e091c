package io.oidckit.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.HttpSessionIdEncoder;
import io.micronaut.session.http.SessionForRequest;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.WebSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * micronaut-session's {@link Session} through the core's port. It only swaps the request attribute where
 * {@link HttpSessionFilter} put the session and looks for it again to save it, so any {@link SessionStore} (in
 * memory, Redis, ...) works unchanged. The filter waits for {@link #stored()} (old sessions deleted) before it answers.
 */
final class MicronautWebSession implements WebSession {
    private static final System.Logger LOG = System.getLogger("io.oidckit.micronaut");
    private final HttpRequest<?> request;
    private final SessionStore<Session> store;
    private final HttpSessionConfiguration config;
    private final CookiePolicy policy;
    /** micronaut-session's cookie writers, for a session started where {@link MicronautSessionGate} skipped its filter. */
    private final HttpSessionIdEncoder[] encoders;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private boolean invalidated;

    MicronautWebSession(HttpRequest<?> request, SessionStore<Session> store, HttpSessionConfiguration config, CookiePolicy policy,
                        HttpSessionIdEncoder[] encoders) {
        this.request = request;
        this.store = store;
        this.config = config;
        this.policy = policy;
        this.encoders = encoders;
    }

    /** The gate let this request through without micronaut-session's filter, which would save a session it started. */
    private boolean unfiltered() {
        return request.getAttribute(MicronautSessionGate.SKIPPED).isPresent();
    }

    /** find, never findOrCreate: reading must not start a session (no cookie for anonymous visitors). */
    private Optional<Session> current() {
        return SessionForRequest.find(request);
    }

    @Override
    public String get(String key) {
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

    /** micronaut-session cannot change an id in place: a new session with the same content, the old one deleted. */
    @Override
    public void renewId() {
        Session fresh = store.newSession();
        current().ifPresent(old -> {
            for (String name : old.names()) old.get(name).ifPresent(value -> fresh.put(name, value));
            fresh.setMaxInactiveInterval(old.getMaxInactiveInterval());
            if (!old.isNew()) pending.add(store.deleteSession(old.getId()));
        });
        request.setAttribute(HttpSessionFilter.SESSION_ATTRIBUTE, fresh);
    }

    @Override
    public void invalidate() {
        current().ifPresent(old -> {
            if (!old.isNew()) pending.add(store.deleteSession(old.getId()));
            request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
            invalidated = true;
        });
    }

    @Override
    public void expireAfter(java.time.Duration idle) {
        current().ifPresent(s -> s.setMaxInactiveInterval(idle == null ? config.getMaxInactiveInterval() : idle));
    }

    /** Completes when every store operation started here has completed (successfully or not). */
    CompletableFuture<Void> stored() {
        if (unfiltered()) current().ifPresent(s -> pending.add(store.save(s)));
        if (pending.isEmpty()) return CompletableFuture.completedFuture(null);
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> {
            // The answer goes out all the same: an old id lingers in the store until it expires; an unsaved one is no session.
            LOG.log(System.Logger.Level.WARNING, "the session store failed to save or delete a session: " + e);
            return null;
        });
    }

    /** The cookie on the way out: cleared if the session ended here; untouched if unchanged (not resent each time). */
    MutableHttpResponse<?> finish(MutableHttpResponse<?> response) {
        Optional<Session> now = current();
        if (invalidated && now.isEmpty()) {
            return response.cookie(Cookie.of(config.getCookieName(), "").maxAge(0).path(policy.path())
                    .httpOnly(policy.httpOnly()).secure(policy.secure()).sameSite(MicronautOidcFactory.sameSite(policy)));
        }
        if (unfiltered() && now.isPresent()) {
            for (HttpSessionIdEncoder encoder : encoders) encoder.encodeId(request, response, now.get());
            return response;
        }
        boolean sessionCookie = config.getCookieMaxAge().isEmpty() && !config.isRememberMe();
        if (sessionCookie && now.isPresent() && !now.get().isNew() && !now.get().isModified()) {
            request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
        }
        return response;
    }
}
