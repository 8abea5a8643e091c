package io.oidckit.internal.sessions;

import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.WebSession;

import java.time.Duration;
import java.util.List;

/**
 * The pending logins of one browser, in its session: at most {@code max} at once (the oldest dropped first), each
 * expiring after {@code ttl}, each used once.
 */
public final class PendingLogins {
    private final int max;
    private final Duration ttl;

    public PendingLogins(int max, Duration ttl) {
        this.max = max;
        this.ttl = ttl;
    }

    /** A new pending login for {@code returnTo}, stored beside this browser's others. */
    public PendingLogin begin(WebSession session, String returnTo, long now) {
        PendingLogin pending = PendingLogin.begin(returnTo, now);
        List<PendingLogin> list = live(PendingLogin.read(session.get(SessionKeys.PENDING)), now);
        list.add(pending);
        while (list.size() > max) list.remove(0); // the oldest goes first
        session.put(SessionKeys.PENDING, PendingLogin.write(list));
        return pending;
    }

    /**
     * The pending login whose state is {@code state}, removed from the session whatever happens next (a replayed
     * callback finds nothing); {@code null} when none matches. Its age is the caller's to judge ({@link #expired}).
     */
    public PendingLogin take(WebSession session, String state, long now) {
        List<PendingLogin> all = PendingLogin.read(session.get(SessionKeys.PENDING));
        PendingLogin match = null;
        for (PendingLogin p : all) {
            if (IdTokenVerifier.constantTimeEquals(p.state(), state)) match = p;
        }
        if (match == null) return null;
        all.remove(match);
        List<PendingLogin> rest = live(all, now);
        if (rest.isEmpty()) session.remove(SessionKeys.PENDING);
        else session.put(SessionKeys.PENDING, PendingLogin.write(rest));
        return match;
    }

    /** Whether {@code p} is older than the pending-login lifetime. */
    public boolean expired(PendingLogin p, long now) {
        return now - p.createdAt() >= ttl.toSeconds();
    }

    private List<PendingLogin> live(List<PendingLogin> list, long now) {
        list.removeIf(p -> expired(p, now) || p.createdAt() > now + 60);
        return list;
    }
}
