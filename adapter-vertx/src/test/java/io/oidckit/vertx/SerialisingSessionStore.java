package io.oidckit.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.ext.web.sstore.impl.SharedDataSessionImpl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session store that keeps every session only as bytes, the way a clustered or Redis store does: each read makes
 * a new session object from Vert.x's own cluster serialisation, so nothing survives by sharing an object in memory.
 * (Vert.x's ClusteredSessionStore itself needs a cluster manager.)
 */
final class SerialisingSessionStore implements SessionStore {
    private final Map<String, Buffer> sessions = new ConcurrentHashMap<>();
    private final VertxContextPRNG random;

    SerialisingSessionStore(Vertx vertx) {
        this.random = VertxContextPRNG.current(vertx);
    }

    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        return this;
    }

    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new SharedDataSessionImpl(random, timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
        Buffer bytes = sessions.get(id);
        if (bytes == null) return Future.succeededFuture();
        SharedDataSessionImpl session = new SharedDataSessionImpl(random);
        session.readFromBuffer(0, bytes);
        return Future.succeededFuture(session);
    }

    @Override
    public Future<Void> delete(String id) {
        sessions.remove(id);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> put(Session session) {
        Buffer bytes = Buffer.buffer();
        ((SharedDataSessionImpl) session).writeToBuffer(bytes);
        sessions.put(session.id(), bytes);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> clear() {
        sessions.clear();
        return Future.succeededFuture();
    }

    @Override
    public Future<Integer> size() {
        return Future.succeededFuture(sessions.size());
    }

    @Override
    public void close() {
    }
}
