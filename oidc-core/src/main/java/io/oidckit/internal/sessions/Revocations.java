package io.oidckit.internal.sessions;

import io.oidckit.OidcUser;
import io.oidckit.ReplicaChannel;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sessions that have ended before their time: every login of a provider session ({@code sid}) or of a user
 * ({@code sub}) up to a moment. A back-channel or front-channel logout adds one; checking a session looks it up in
 * two maps, no I/O, so a replica knows every revocation it was told of (or, with a {@link ReplicaChannel}, that
 * any replica was told of) without asking anyone on the hot path.
 *
 * <p>A revocation ends the logins at or before its time, not later ones: the user who signs in again after a logout
 * keeps the new session. It is kept {@code OIDC_SESSION_MAX_AGE}, the longest a login it ends can live, then
 * forgotten. With a channel: published when made (kept and published again while the store is away), received from
 * other replicas as they publish, and read back from the store at start and every {@link #SYNC_SECONDS} seconds, so
 * a replica that starts later or missed a message still learns it.
 */
public final class Revocations implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    /** The most revocations one replica keeps: 100,000 is about 20 MB. An unsigned one (front-channel) beyond it is refused. */
    public static final int LIMIT = 100_000;
    static final long SYNC_SECONDS = 5;
    private static final String VERSION = "v1";

    /** What a revocation names: a provider session, a user, or one login ({@link OidcUser#loginId()}, at logout). */
    public enum Kind { SID, SUB, LOGIN }

    private final Clock clock;
    private final long keepSeconds;
    private final Map<String, Long> bySid = new ConcurrentHashMap<>();
    private final Map<String, Long> bySub = new ConcurrentHashMap<>();
    private final Map<String, Long> byLogin = new ConcurrentHashMap<>();
    private volatile boolean any;
    private final ReplicaChannel channel;
    private final ScheduledExecutorService sync;
    /** Made here while the store was away: published again on each tick until it takes them. */
    private final Deque<String> unpublished = new ArrayDeque<>();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong made = new java.util.concurrent.atomic.AtomicLong();
    /** The store's revocations up to this moment (seconds) are known here; read again from a little before it. */
    private volatile long syncedUntil;

    /** Revocations of this process only ({@code factory} {@code null}), or shared through the channel it opens. */
    public Revocations(Clock clock, long keepSeconds, ReplicaChannel.Factory factory, java.net.URI url, String namespace) {
        this.clock = clock;
        this.keepSeconds = keepSeconds;
        if (factory == null) {
            this.channel = null;
            this.sync = null;
            return;
        }
        this.syncedUntil = now() - keepSeconds; // at start: everything still in force
        this.channel = factory.open(url, namespace, this::receive);
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "oidckit-revocations");
            t.setDaemon(true);
            return t;
        });
        sync.scheduleWithFixedDelay(this::tick, 0, SYNC_SECONDS, TimeUnit.SECONDS);
    }

    /** The replicas' channel these revocations go through, {@code null} on one node: for the other things they share. */
    public ReplicaChannel channel() {
        return channel;
    }

    /** Whether {@code user}'s login has been revoked. Two map look-ups when there are revocations, none otherwise. */
    public boolean ended(OidcUser user) {
        if (!any) return false;
        Long at = bySub.get(user.subject());
        if (at != null && user.authenticatedAt() <= at) return true;
        if (user.loginId() != null && byLogin.containsKey(user.loginId())) return true;
        if (user.sid() == null) return false;
        at = bySid.get(user.sid());
        return at != null && user.authenticatedAt() <= at;
    }

    /**
     * Ends every login of {@code value} (a sid or a sub) made at or before {@code at} (epoch seconds), here at once
     * and, with a channel, on every replica. {@code false} when an unsigned revocation ({@code signed} false) finds
     * this replica full: it is refused, never one in force dropped for it.
     */
    public boolean revoke(Kind kind, String value, long at, boolean signed) {
        // Pruning walks every entry: now and then, and when full, not on each revocation.
        if ((made.incrementAndGet() & 1023) == 0 || size() >= LIMIT) prune();
        if (!signed && size() >= LIMIT) return false;
        apply(kind, value, at);
        if (channel != null) publish(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + at + " " + value);
        return true;
    }

    /** How many revocations this replica keeps in force. */
    public int size() {
        return bySid.size() + bySub.size() + byLogin.size();
    }

    /** Whether the shared store could not be reached at the last attempt (the health check's "degraded"). */
    public boolean degraded() {
        return channel != null && storeDown.get();
    }

    private void apply(Kind kind, String value, long at) {
        (kind == Kind.SID ? bySid : kind == Kind.SUB ? bySub : byLogin).merge(value, at, Math::max);
        any = true;
    }

    private void publish(String line) {
        String text = VERSION + " " + line;
        channel.publish(text, keepSeconds).whenComplete((ok, failure) -> {
            if (failure == null) {
                up();
                return;
            }
            synchronized (unpublished) {
                if (unpublished.size() < LIMIT) unpublished.add(text);
            }
            down(failure);
        });
    }

    /** A line from the store or another replica; anything unreadable is ignored (the store is not the provider). */
    void receive(String text) {
        String[] p = text.split(" ", 4);
        if (p.length != 4 || !p[0].equals(VERSION) || p[3].isEmpty()) return;
        Kind kind = p[1].equals("sid") ? Kind.SID : p[1].equals("sub") ? Kind.SUB : p[1].equals("login") ? Kind.LOGIN : null;
        long at;
        try {
            at = Long.parseLong(p[2]);
        } catch (NumberFormatException e) {
            return;
        }
        if (kind == null || at + keepSeconds <= now() || size() >= LIMIT) return;
        apply(kind, p[3], at);
    }

    /** Publishes what the store missed, reads what this replica missed, forgets what no session can need. */
    private void tick() {
        try {
            prune();
            List<String> retry;
            synchronized (unpublished) {
                retry = List.copyOf(unpublished);
                unpublished.clear();
            }
            retry.forEach(text -> channel.publish(text, keepSeconds).whenComplete((ok, failure) -> {
                if (failure == null) return;
                synchronized (unpublished) {
                    unpublished.add(text);
                }
                down(failure);
            }));
            long start = now();
            // A little before the last read: a revocation stored during it, with an older clock, is not missed.
            channel.since(syncedUntil - SYNC_SECONDS).whenComplete((lines, failure) -> {
                if (failure != null) {
                    down(failure);
                    return;
                }
                lines.forEach(this::receive);
                syncedUntil = start;
                up();
            });
        } catch (RuntimeException e) {
            down(e); // the next tick tries again; the schedule must not stop
        }
    }

    private void down(Throwable failure) {
        if (storeDown.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "OIDC602 the revocation store (OIDC_REDIS_URL) cannot be reached: "
                    + "sessions are checked against the revocations known here, new ones are kept and published when it "
                    + "is back (" + io.oidckit.internal.Async.unwrap(failure).getClass().getSimpleName() + ")");
        }
    }

    private void up() {
        if (storeDown.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "OIDC602 the revocation store (OIDC_REDIS_URL) is reachable again");
        }
    }

    private void prune() {
        long oldest = now() - keepSeconds;
        bySid.values().removeIf(at -> at < oldest);
        bySub.values().removeIf(at -> at < oldest);
        byLogin.values().removeIf(at -> at < oldest);
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @Override
    public void close() {
        if (sync != null) sync.shutdownNow();
        if (channel != null) channel.close();
    }
}
