package io.oidckit.internal.flows;

import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.util.HashMap;
import java.util.Map;

/**
 * A session that lives in a map and a request that nobody sent, for {@link Router#warmUp()}: a login answered
 * for nobody, so the login path's classes are loaded on the caller's thread, not by the first real login.
 */
final class Scratch implements WebSession {
    private final Map<String, String> values = new HashMap<>();

    static WebRequest request(String path) {
        return new WebRequest() {
            public String method() { return "GET"; }
            public String path() { return path; }
            public String rawQuery() { return null; }
            public String header(String name) { return null; }
        };
    }

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
