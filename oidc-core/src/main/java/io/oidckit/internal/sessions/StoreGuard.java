package io.oidckit.internal.sessions;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.web.WebSession;

import java.time.Duration;

/**
 * The framework's session as the flows see it: a store that fails (Redis down, a replicated session that cannot be
 * read) is OIDC601, a 503 page until it is back, and never mistaken for a provider failure or a bug of ours.
 */
final class StoreGuard implements WebSession {
    private final WebSession store;

    StoreGuard(WebSession store) {
        this.store = store;
    }

    private static OidcException failed(RuntimeException e) {
        return new OidcException(ErrorCode.SESSION_STORE_UNAVAILABLE, "the session store failed: " + e);
    }

    @Override
    public String get(String key) {
        try {
            return store.get(key);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void put(String key, String value) {
        try {
            store.put(key, value);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void remove(String key) {
        try {
            store.remove(key);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void renewId() {
        try {
            store.renewId();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void invalidate() {
        try {
            store.invalidate();
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void expireAfter(Duration idle) {
        try {
            store.expireAfter(idle);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }
}
