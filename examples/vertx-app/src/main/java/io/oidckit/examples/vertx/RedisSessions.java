package io.oidckit.examples.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.ext.web.sstore.redis.RedisSessionStore;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The sessions in Redis when {@code REDIS_URL} is set: Vert.x's own {@link RedisSessionStore}, one for the app (all
 * verticle instances share it, as they share the {@code VertxOidc}). The store writes each session in Vert.x's own
 * session format (typed values, the core's strings as UTF-8), no Java serialization; it has no other format to
 * choose. Each store failure (Redis down, a refused connection) is marked as a {@link StoreDown}, so the demo's
 * failure handler can answer it with the core's 503 page and leave every other failure alone.
 */
final class RedisSessions {
    private RedisSessions() {}

    static SessionStore store(Vertx vertx, String redisUrl) {
        // A pool of connections, each opened when needed: with Redis down a request's connect is refused at once,
        // and once Redis is back the next request connects again, without a restart.
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        return new Marked(RedisSessionStore.create(vertx, redis));
    }

    /** A failure of the session store, and only of it. */
    static final class StoreDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreDown(Throwable cause) {
            super("the session store failed: " + cause, cause);
        }
    }

    /** The store with its failures marked; everything else is the store's own behaviour. */
    private static final class Marked implements SessionStore {
        private final SessionStore store;

        Marked(SessionStore store) {
            this.store = store;
        }

        private static <T> Future<T> mark(Future<T> f) {
            return f.recover(e -> Future.failedFuture(e instanceof StoreDown ? e : new StoreDown(e)));
        }

        @Override public SessionStore init(Vertx vertx, JsonObject options) { store.init(vertx, options); return this; }
        @Override public long retryTimeout() { return store.retryTimeout(); }
        @Override public Session createSession(long timeout) { return store.createSession(timeout); }
        @Override public Session createSession(long timeout, int length) { return store.createSession(timeout, length); }
        @Override public Future<Session> get(String cookieValue) { return mark(store.get(cookieValue)); }
        @Override public Future<Void> delete(String id) { return mark(store.delete(id)); }
        @Override public Future<Void> put(Session session) { return mark(store.put(session)); }
        @Override public Future<Void> clear() { return mark(store.clear()); }
        @Override public Future<Integer> size() { return mark(store.size()); }
        @Override public void close() { store.close(); }
    }
}
