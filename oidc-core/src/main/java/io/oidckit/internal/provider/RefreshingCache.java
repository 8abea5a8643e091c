package io.oidckit.internal.provider;

import io.oidckit.OidcException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One value loaded from the provider (discovery metadata, or the JWKS), shared by every request.
 *
 * <ul>
 *   <li>Lazy: nothing is fetched until first needed, so a provider that is down never stops start-up.</li>
 *   <li>Single-flight: concurrent callers share one load.</li>
 *   <li>Stale-while-error: once loaded, a value past its TTL is still served while a background refresh runs;
 *       if the refresh fails the old value stays.</li>
 *   <li>Backoff: after a failure the next attempt waits (doubling up to a maximum); callers in between get the
 *       last error at once instead of piling onto a provider that is down.</li>
 * </ul>
 * No thread of its own: refreshes start from the requests that notice staleness.
 */
final class RefreshingCache<T> {
    private static final System.Logger LOG = System.getLogger("io.oidckit");

    private final String what;
    private final Supplier<CompletionStage<T>> loader;
    private final Duration ttl;
    private final Duration backoffFirst;
    private final Duration backoffMax;
    private final Clock clock;

    /** The value and when it was loaded, published together: a reader never sees one without the other. */
    private record Loaded<T>(T value, Instant at) {
    }

    private volatile Loaded<T> loaded;
    // Guarded by this.
    private CompletableFuture<T> inflight;
    private Instant lastForced;
    private Instant nextAttemptAllowed = Instant.MIN;
    private Duration currentBackoff;
    private OidcException lastError;

    RefreshingCache(String what, Supplier<CompletionStage<T>> loader, Duration ttl, Duration backoffFirst,
                    Duration backoffMax, Clock clock) {
        this.what = what;
        this.loader = loader;
        this.ttl = ttl;
        this.backoffFirst = backoffFirst;
        this.backoffMax = backoffMax;
        this.clock = clock;
        this.currentBackoff = backoffFirst;
    }

    /** The value, loading it when there is none yet; a stale value is returned at once and refreshed behind. */
    CompletionStage<T> get() {
        Loaded<T> l = loaded;
        if (l != null) {
            if (clock.instant().isAfter(l.at().plus(ttl))) refresh(false);
            return CompletableFuture.completedFuture(l.value());
        }
        return refresh(false);
    }

    /** The value if one is loaded, else {@code null}; never does I/O. */
    T peek() {
        return current();
    }

    private T current() {
        Loaded<T> l = loaded;
        return l == null ? null : l.value();
    }

    /**
     * Loads again unless the last attempt was less than {@code minInterval} ago; then the current value (or the
     * load already under way) is returned. This is the unknown-{@code kid} path: at most one refresh per window.
     */
    CompletionStage<T> refreshAtMostEvery(Duration minInterval) {
        synchronized (this) {
            if (inflight != null) return inflight;
            Instant now = clock.instant();
            if (lastForced != null && now.isBefore(lastForced.plus(minInterval))) {
                T v = current();
                return v != null ? CompletableFuture.completedFuture(v) : refresh(false);
            }
            lastForced = now;
            // Started under the lock, so a concurrent caller sees the load in flight rather than the old keys.
            return refresh(true);
        }
    }

    private CompletionStage<T> refresh(boolean ignoreBackoff) {
        CompletableFuture<T> mine;
        synchronized (this) {
            if (inflight != null) return inflight;
            Instant now = clock.instant();
            if (!ignoreBackoff && lastError != null && now.isBefore(nextAttemptAllowed)) {
                T v = current();
                return v != null ? CompletableFuture.completedFuture(v) : CompletableFuture.failedFuture(lastError);
            }
            mine = new CompletableFuture<>();
            inflight = mine;
        }
        CompletionStage<T> load;
        try {
            load = loader.get();
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((v, failure) -> {
            synchronized (this) {
                inflight = null;
                if (failure == null) {
                    loaded = new Loaded<>(v, clock.instant());
                    lastError = null;
                    currentBackoff = backoffFirst;
                } else {
                    Throwable t = io.oidckit.internal.Async.unwrap(failure);
                    lastError = t instanceof OidcException e ? e
                            : new OidcException(io.oidckit.ErrorCode.PROVIDER_UNREACHABLE, "loading " + what + " failed", t);
                    nextAttemptAllowed = clock.instant().plus(currentBackoff);
                    Duration doubled = currentBackoff.multipliedBy(2);
                    currentBackoff = doubled.compareTo(backoffMax) > 0 ? backoffMax : doubled;
                    LOG.log(System.Logger.Level.WARNING, lastError.getMessage() + " (loading " + what
                            + (loaded != null ? "; the cached copy stays in use)" : ")"));
                }
            }
            if (failure == null) mine.complete(v);
            else {
                T stale = current();
                if (stale != null) mine.complete(stale);
                else mine.completeExceptionally(lastErrorOr(failure));
            }
        });
        return mine;
    }

    private synchronized Throwable lastErrorOr(Throwable failure) {
        return lastError != null ? lastError : failure;
    }
}
