package io.oidckit;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where the replicas of one app share which sessions have ended (back-channel and front-channel logout, logout): a
 * store that keeps each revocation for as long as a session can live, and a message to every replica at once. Each
 * replica keeps every revocation in memory, so checking a session never waits on this. oidc-redis implements it for
 * {@code OIDC_REDIS_URL}; the core finds it with {@link java.util.ServiceLoader}. Not for applications to call.
 *
 * <p>A revocation is a short line of text the core writes and reads; a channel stores and delivers it unchanged.
 */
public interface RevocationChannel extends AutoCloseable {

    /** Opens channels; registered in {@code META-INF/services/io.oidckit.RevocationChannel$Factory}. */
    interface Factory {
        /** Whether this factory serves {@code url} (its scheme: {@code redis}, {@code rediss}). */
        boolean accepts(URI url);

        /**
         * A channel on {@code url} for the revocations of {@code namespace} (one per app and provider), which hands
         * every revocation another replica publishes to {@code received}, on its own thread. Opening never blocks
         * and never fails for a store that is down: the channel connects, and reconnects, in the background.
         */
        RevocationChannel open(URI url, String namespace, Consumer<String> received);
    }

    /** The factory on the class path that serves {@code url}, or {@code null}. */
    static Factory find(URI url) {
        for (Factory f : java.util.ServiceLoader.load(Factory.class, RevocationChannel.class.getClassLoader())) {
            if (f.accepts(url)) return f;
        }
        return null;
    }

    /**
     * Stores {@code revocation} for {@code keepSeconds} and announces it to every replica. The stage fails when the
     * store cannot be reached in time; the caller keeps the revocation and publishes it again later.
     */
    CompletionStage<Void> publish(String revocation, long keepSeconds);

    /**
     * The revocations stored since {@code epochSeconds} (by when they were stored) and not yet past their time: a
     * replica that starts, or that missed messages while the store was away, reads what it does not know.
     */
    CompletionStage<List<String>> since(long epochSeconds);

    /** Disconnects; never fails. */
    @Override
    void close();
}
