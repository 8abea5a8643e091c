package io.oidckit.vertx;

import io.oidckit.RelyingParty;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * One throwaway login answered on a worker thread at start-up, so the classes of the login path (the SDK's request
 * builders, JSON, random state) are loaded there and not by the first real login on an event loop, where loading
 * them takes 100–300 ms on a cold JVM. The session is a scratch map: nothing reaches a browser or a store.
 */
final class VertxWarmUp {
    private VertxWarmUp() {
    }

    static Future<Void> run(Vertx vertx, RelyingParty rp) {
        return vertx.executeBlocking(() -> rp.handle(new Login(rp.loginPath()), new Scratch()), false)
                .compose(stage -> Future.fromCompletionStage(stage))
                .<Void>mapEmpty()
                .otherwiseEmpty(); // a provider that is down is the core's business; start-up goes on
    }

    private record Login(String path) implements WebRequest {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String rawQuery() {
            return null;
        }

        @Override
        public String header(String name) {
            return null;
        }
    }

    private static final class Scratch implements WebSession {
        private final Map<String, String> values = new HashMap<>();

        @Override
        public synchronized String get(String key) {
            return values.get(key);
        }

        @Override
        public synchronized void put(String key, String value) {
            values.put(key, value);
        }

        @Override
        public synchronized void remove(String key) {
            values.remove(key);
        }

        @Override
        public void renewId() {
        }

        @Override
        public synchronized void invalidate() {
            values.clear();
        }
    }
}
