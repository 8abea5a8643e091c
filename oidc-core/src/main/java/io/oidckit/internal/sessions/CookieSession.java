package io.oidckit.internal.sessions;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.internal.Json;
import io.oidckit.web.WebSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cookie session mode ({@code OIDC_SESSION_MODE=cookie}): the session's attributes sealed in the browser's own cookies
 * ({@link Sealer}), with no server-side store, so any replica reads any browser's session and a server without
 * sessions needs nothing of its own. Its lifetime is inside the sealed value: it ends {@code OIDC_SESSION_MAX_AGE}
 * after login and after {@code OIDC_SESSION_IDLE_TIMEOUT} without a request; an expired, tampered or unknown-key
 * value counts as no session and is cleared.
 *
 * <p>The value is written in numbered cookies ({@code oidckit.session.0}, {@code .1}), each {@code Set-Cookie} at
 * most 4096 bytes, and {@link #MAX_VALUE} bytes in all, so the request's {@code Cookie} header stays within the 8 KiB
 * header limit of Tomcat, Netty and Vert.x. A session larger than that loses its ID token first (logout then goes
 * without {@code id_token_hint}); if it is still too large, {@link #finish} says so and the caller refuses the login.
 */
public final class CookieSession implements WebSession {
    public static final String NAME = CookieJar.PREFIX + "session.";
    public static final int MAX_CHUNKS = 2;
    public static final int MAX_VALUE = 6144;
    /** Dropped first, in this order, when the session does not fit. */
    private static final List<String> DROPPABLE = List.of(SessionKeys.ID_TOKEN);

    /** What one request's cookie opened to; shared by every request that sends the same value. */
    private record Opened(Map<String, String> attributes, long created, long seen) {
    }

    /** Settings and the memo of opened values, one per relying party. */
    public static final class Kind {
        private static final int MEMO_LIMIT = 10_000;
        private final Sealer sealer;
        private final String path;
        private final long maxAge;
        private final long idle;
        private final Map<String, Opened> memo = new ConcurrentHashMap<>();

        public Kind(Sealer sealer, String path, long maxAgeSeconds, long idleSeconds) {
            this.sealer = sealer;
            this.path = path;
            this.maxAge = maxAgeSeconds;
            this.idle = idleSeconds;
        }

        void warmUp() {
            sealer.open(sealer.seal("{}"));
        }

        /** The session this request's cookies carry, judged at {@code now} (seconds). */
        public CookieSession open(CookieJar jar, long now) {
            return new CookieSession(this, jar, now);
        }

        private Opened read(String sealed) {
            Opened known = memo.get(sealed);
            if (known != null) return known;
            String plain = sealer.open(sealed);
            if (plain == null) return null;
            try {
                Map<String, Object> m = Json.parseObject(plain);
                Map<String, String> attributes = new LinkedHashMap<>();
                if (m.get("a") instanceof Map<?, ?> a) {
                    a.forEach((k, v) -> {
                        if (k instanceof String key && v instanceof String value) attributes.put(key, value);
                    });
                }
                Opened o = new Opened(Map.copyOf(attributes), Json.number(m, "c"), Json.number(m, "s"));
                if (memo.size() >= MEMO_LIMIT) memo.clear();
                memo.put(sealed, o);
                return o;
            } catch (java.text.ParseException | RuntimeException e) {
                return null;
            }
        }
    }

    private final Kind kind;
    private final CookieJar jar;
    private final long now;
    private final int receivedChunks;
    private Map<String, String> attributes;
    private long created;
    private boolean changed;

    private CookieSession(Kind kind, CookieJar jar, long now) {
        this.kind = kind;
        this.jar = jar;
        this.now = now;
        String first = jar.get(NAME + 0), second = first == null ? null : jar.get(NAME + 1);
        this.receivedChunks = jar.names(NAME).size();
        // One cookie is the usual case: its value as it came, no copy.
        Opened o = first == null ? null : kind.read(second == null ? first : first + second);
        // The user's own expiry (Authorization) ends the sign-in at the same moment; this ends the whole value with it.
        boolean live = o != null && now < o.created + kind.maxAge && now - o.seen < kind.idle && o.created <= now + 60;
        this.attributes = live ? o.attributes : Map.of();
        this.created = live ? o.created : now;
        // Unreadable or past its time: gone, and the browser told so. A live one is sealed again when it has been
        // idle for a tenth of the idle limit, not on every request: most answers carry no Set-Cookie.
        this.changed = receivedChunks > 0 && (!live || now - o.seen >= Math.max(1, kind.idle / 10));
    }

    @Override
    public String get(String key) {
        return attributes.get(key);
    }

    @Override
    public void put(String key, String value) {
        if (value.equals(attributes.get(key))) return;
        writable().put(key, value);
    }

    @Override
    public void remove(String key) {
        if (attributes.containsKey(key)) writable().remove(key);
    }

    /** A new value is a new "id": nothing of the old cookie is valid as the new one; the session starts now. */
    @Override
    public void renewId() {
        created = now;
        changed = true;
    }

    @Override
    public void invalidate() {
        attributes = Map.of();
        changed = true;
    }

    private Map<String, String> writable() {
        if (!(attributes instanceof LinkedHashMap)) attributes = new LinkedHashMap<>(attributes);
        changed = true;
        return attributes;
    }

    /**
     * Writes the session's cookies into the jar when it changed. When it does not fit even without what may be
     * dropped, nothing is written (the browser keeps the session it had) and an {@link OidcException} says so.
     */
    public void finish() {
        if (!changed) return;
        if (attributes.isEmpty()) {
            for (String n : jar.names(NAME)) jar.clear(n, kind.path);
            return;
        }
        long maxAge = created + kind.maxAge - now;
        Map<String, String> kept = new LinkedHashMap<>(attributes);
        List<String> chunks = chunks(seal(kept), maxAge);
        for (int i = 0; chunks == null && i < DROPPABLE.size(); i++) {
            if (kept.remove(DROPPABLE.get(i)) != null) chunks = chunks(seal(kept), maxAge);
        }
        if (chunks == null) {
            throw new OidcException(ErrorCode.SESSION_TOO_LARGE, "the session does not fit in its cookies even without "
                    + "its ID token (" + seal(kept).length() + " bytes sealed, at most " + MAX_VALUE + "): ask the provider "
                    + "for fewer claims or roles, or use OIDC_SESSION_MODE=framework with a session store");
        }
        for (int i = 0; i < chunks.size(); i++) jar.set(NAME + i, chunks.get(i), kind.path, maxAge);
        for (int i = chunks.size(); i < Math.max(receivedChunks, MAX_CHUNKS); i++) jar.clear(NAME + i, kind.path);
    }

    /** The session as it would be sealed, for the size check at login. */
    private String seal(Map<String, String> kept) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", kept);
        m.put("c", created);
        m.put("s", now);
        return kind.sealer.seal(Json.write(m));
    }

    /** {@code sealed} cut into cookie-sized chunks, or {@code null} when it exceeds the limits. */
    private List<String> chunks(String sealed, long maxAge) {
        if (sealed.length() > MAX_VALUE) return null;
        int room = CookieJar.MAX_SET_COOKIE - jar.overhead(NAME + 0, kind.path, maxAge);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sealed.length(); i += room) out.add(sealed.substring(i, Math.min(sealed.length(), i + room)));
        return out.size() <= MAX_CHUNKS ? out : null;
    }

    /** The size of the sealed session, for the docs' and the benchmarks' figures. */
    public int sealedLength() {
        return seal(attributes).length();
    }
}
