package io.oidckit.internal.sessions;

import io.oidckit.internal.tokens.IdTokenVerifier;
import io.oidckit.web.WebSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The pending logins of one browser: at most {@code max} at once (the oldest dropped first), each expiring after
 * {@code ttl}, each used once.
 *
 * <p>With a session secret, each lives in its own sealed cookie on the callback path ({@code oidckit.login.ID},
 * its id from the {@code state}), for {@code ttl}: starting a login then stores nothing on the server, and a
 * flood of anonymous logins costs no memory. The login route cannot see those cookies (they are scoped to the
 * callback), so the limit is applied at the callback: only the newest {@code max} can complete, and every one the
 * callback sees used, expired or beyond the limit is cleared. Without a secret they are one session attribute.
 */
public final class PendingLogins {
    static final String COOKIE = CookieJar.PREFIX + "login.";
    /** More pending-login cookies than this in one request are not all read: the limit allows 100 at most. */
    private static final int MAX_READ = 100;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final int max;
    private final Duration ttl;
    private final Sealer sealer;
    private final String callbackPath;

    /** {@code sealer} is {@code null} without a session secret; then the session holds them. */
    public PendingLogins(int max, Duration ttl, Sealer sealer, String callbackPath) {
        this.max = max;
        this.ttl = ttl;
        this.sealer = sealer;
        this.callbackPath = callbackPath;
    }

    void warmUp() {
        if (sealer != null) PendingLogin.read(sealer.open(sealer.seal(PendingLogin.write(java.util.List.of()))));
    }

    /** Whether pending logins live in cookies, not in the session. */
    public boolean inCookies() {
        return sealer != null;
    }

    /** A new pending login for {@code returnTo}, stored beside this browser's others. */
    public PendingLogin begin(Visit visit, String returnTo, long now) {
        PendingLogin pending = PendingLogin.begin(returnTo, now);
        if (sealer != null) {
            String sealed = sealer.seal(PendingLogin.write(List.of(pending)));
            visit.jar().set(cookieName(pending.state()), sealed, callbackPath, ttl.toSeconds());
            return pending;
        }
        WebSession session = visit.session();
        List<PendingLogin> list = live(PendingLogin.read(session.get(SessionKeys.PENDING)), now);
        list.add(pending);
        while (list.size() > max) list.remove(0); // the oldest goes first
        boolean anonymous = session.get(SessionKeys.USER) == null;
        session.put(SessionKeys.PENDING, PendingLogin.write(list));
        if (anonymous) session.expireAfter(ttl); // held no longer than the login it waits for
        return pending;
    }

    /**
     * The pending login whose state is {@code state}, removed whatever happens next (a replayed callback finds
     * nothing); {@code null} when none matches. Its age is the caller's to judge ({@link #expired}).
     */
    public PendingLogin take(Visit visit, String state, long now) {
        return sealer != null ? takeCookie(visit.jar(), state, now) : takeStored(visit.session(), state, now);
    }

    private PendingLogin takeStored(WebSession session, String state, long now) {
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

    private PendingLogin takeCookie(CookieJar jar, String state, long now) {
        String name = cookieName(state);
        PendingLogin match = null;
        List<Long> newer = new ArrayList<>();
        List<String> names = jar.names(COOKIE);
        for (int i = 0; i < names.size() && i < MAX_READ; i++) {
            String n = names.get(i);
            List<PendingLogin> opened = PendingLogin.read(sealer.open(jar.get(n)));
            PendingLogin p = opened.size() == 1 ? opened.get(0) : null;
            if (p != null && n.equals(name) && IdTokenVerifier.constantTimeEquals(p.state(), state)) {
                match = p;
                jar.clear(n, callbackPath); // used once
            } else if (p == null || expired(p, now) || p.createdAt() > now + 60) {
                jar.clear(n, callbackPath); // unreadable or stale: no reason for the browser to keep sending it
            } else {
                newer.add(p.createdAt());
            }
        }
        if (match == null) return null;
        long created = match.createdAt();
        // Only the newest max may complete: one with max others begun after it was dropped, as in the session.
        return newer.stream().filter(t -> t > created).count() >= max ? null : match;
    }

    /** Whether {@code p} is older than the pending-login lifetime. */
    public boolean expired(PendingLogin p, long now) {
        return now - p.createdAt() >= ttl.toSeconds();
    }

    private List<PendingLogin> live(List<PendingLogin> list, long now) {
        list.removeIf(p -> expired(p, now) || p.createdAt() > now + 60);
        return list;
    }

    /** The cookie of the login with {@code state}: a digest, so the name gives nothing of the state away. */
    static String cookieName(String state) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return COOKIE + B64.encodeToString(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
