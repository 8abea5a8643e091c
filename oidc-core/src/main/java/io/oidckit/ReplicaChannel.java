package io.oidckit;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the replicas of one app share through {@code OIDC_REDIS_URL}: which sessions have ended (back-channel and
 * front-channel logout, logout), as a store that keeps each revocation for as long as a session can live plus a
 * message to every replica at once; and short-lived values, for one refresh per refresh token among them. Each
 * replica keeps every revocation in memory, so checking a session never waits on this. oidc-redis implements it;
 * the core finds it with {@link java.util.ServiceLoader}. Not for applications to call.
 *
 * <p>A revocation or a value is a short line of text the core writes and reads (a value is sealed by the core
 * first); a channel stores and delivers it unchanged. Keys are the core's, kept apart per namespace by the channel.
 */
public interface ReplicaChannel extends AutoCloseable {

    /** Opens channels; registered in {@code META-INF/services/io.oidckit.ReplicaChannel$Factory}. */
    interface Factory {
        /** Whether this factory serves {@code url} (its scheme: {@code redis}, {@code rediss}). */
        boolean accepts(URI url);

        /**
         * A channel on {@code url} for the revocations of {@code namespace} (one per app and provider), which hands
         * every revocation another replica publishes to {@code received}, on its own thread. Opening never blocks
         * and never fails for a store that is down: the channel connects, and reconnects, in the background.
         */
        ReplicaChannel open(URI url, String namespace, Consumer<String> received);
    }

    /** The factory on the class path that serves {@code url}, or {@code null}. */
    static Factory find(URI url) {
        for (Factory f : java.util.ServiceLoader.load(Factory.class, ReplicaChannel.class.getClassLoader())) {
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

    /**
     * Sets {@code key} to {@code value} for {@code millis} unless it holds one: whether this call set it. A short
     * lock among the replicas; it ends when its time is up or with {@link #remove}.
     */
    CompletionStage<Boolean> claim(String key, String value, long millis);

    /** Sets {@code key} to {@code value} for {@code millis}, whatever it held. */
    CompletionStage<Void> put(String key, String value, long millis);

    /** What {@code key} holds, {@code null} when nothing (or its time is up). */
    CompletionStage<String> get(String key);

    /** Forgets {@code key}. */
    CompletionStage<Void> remove(String key);

    /** Disconnects; never fails. */
    @Override
    void close();
}
