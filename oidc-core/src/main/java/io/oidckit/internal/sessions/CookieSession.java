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
 * header limit of Tomcat, Netty and Vert.x. The ID token, which only logout uses (as {@code id_token_hint}), is sealed
 * in a cookie of its own, {@link #ID_TOKEN_NAME}, on the logout path: every other request is a kilobyte smaller. It is
 * bound to the session by the login time, so an ID token left from an earlier session is never the hint. When the
 * two together would exceed {@link #MAX_VALUE}, the ID token is dropped (logout then goes without the hint); a session
 * too large on its own is refused by {@link #finish}, and the caller refuses the login.
 */
public final class CookieSession implements WebSession {
    public static final String NAME = CookieJar.PREFIX + "session.";
    public static final int MAX_CHUNKS = 2;
    public static final int MAX_VALUE = 6144;
    /** The cookie of the ID token, sent by the browser only to the logout route. */
    public static final String ID_TOKEN_NAME = CookieJar.PREFIX + "id_token";

    /** What one request's cookie opened to; shared by every request that sends the same value. */
    private record Opened(Map<String, String> attributes, long created, long seen) {
    }

    /** An opened value and the sealed text it came from, under the memo's short key. */
    private record Memo(String sealed, Opened opened) {
    }

    /** Settings and the memo of opened values, one per relying party. */
    public static final class Kind {
        private static final int MEMO_LIMIT = 10_000;
        private final Sealer sealer;
        private final Sealer idTokens;
        private final String path;
        private final String logoutPath;
        private final long maxAge;
        private final long idle;
        private final Map<String, Memo> memo = new ConcurrentHashMap<>();

        /** {@code idTokens} seals the ID token cookie (its own purpose: neither value opens as the other). */
        public Kind(Sealer sealer, Sealer idTokens, String path, String logoutPath, long maxAgeSeconds, long idleSeconds) {
            this.sealer = sealer;
            this.idTokens = idTokens;
            this.path = path;
            this.logoutPath = logoutPath;
            this.maxAge = maxAgeSeconds;
            this.idle = idleSeconds;
        }

        void warmUp() {
            sealer.open(sealer.seal("{}"));
            idTokens.open(idTokens.seal("{}"));
        }

        /** The session this request's cookies carry, judged at {@code now} (seconds). */
        public CookieSession open(CookieJar jar, long now) {
            return new CookieSession(this, jar, now);
        }

        private Opened read(String sealed) {
            // Keyed by the JWE authentication tag (the last 22 characters), not the whole value: hashing a kilobyte
            // on every request cost more than the rest of the check. A hit still needs the whole value equal to one
            // that opened, so a forged value with a known tag is no hit; it goes to the sealer and fails there.
            String tag = sealed.substring(sealed.lastIndexOf('.') + 1);
            Memo known = memo.get(tag);
            if (known != null && known.sealed.equals(sealed)) return known.opened;
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
                memo.put(tag, new Memo(sealed, o));
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
    /** The ID token: read from its cookie when first asked, or set at login; {@code idTokenChanged} when to write it. */
    private String idToken;
    private boolean idTokenRead;
    private boolean idTokenChanged;

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
        return SessionKeys.ID_TOKEN.equals(key) ? idToken() : attributes.get(key);
    }

    @Override
    public void put(String key, String value) {
        if (SessionKeys.ID_TOKEN.equals(key)) {
            setIdToken(value);
            return;
        }
        if (value.equals(attributes.get(key))) return;
        writable().put(key, value);
    }

    @Override
    public void remove(String key) {
        if (SessionKeys.ID_TOKEN.equals(key)) setIdToken(null);
        else if (attributes.containsKey(key)) writable().remove(key);
    }

    /** The ID token of this session, from its cookie (only the logout route receives it) when it belongs here. */
    private String idToken() {
        if (idTokenRead || attributes.isEmpty()) return idToken;
        idTokenRead = true;
        String sealed = jar.get(ID_TOKEN_NAME);
        String plain = sealed == null ? null : kind.idTokens.open(sealed);
        if (plain == null) return null;
        try {
            Map<String, Object> m = Json.parseObject(plain);
            if (Json.number(m, "c") == created) idToken = Json.string(m, "t");
        } catch (java.text.ParseException | RuntimeException e) {
            // unreadable: logout goes without the hint
        }
        return idToken;
    }

    private void setIdToken(String value) {
        idToken = value;
        idTokenRead = true;
        idTokenChanged = true;
        changed = true;
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
        setIdToken(null);
    }

    private Map<String, String> writable() {
        if (!(attributes instanceof LinkedHashMap)) attributes = new LinkedHashMap<>(attributes);
        changed = true;
        return attributes;
    }

    /**
     * Writes the session's cookies into the jar when it changed, and the ID token's when that changed. When the
     * session does not fit (the ID token is never part of it), nothing is written (the browser keeps the session it
     * had) and an {@link OidcException} says so.
     */
    public void finish() {
        if (!changed) return;
        if (attributes.isEmpty()) {
            for (String n : jar.names(NAME)) jar.clear(n, kind.path);
            // Its cookie is not sent here (it lives on the logout path), so it is cleared without knowing it exists.
            if (receivedChunks > 0 || idTokenChanged) jar.clearUnseen(ID_TOKEN_NAME, kind.logoutPath);
            return;
        }
        long maxAge = created + kind.maxAge - now;
        String sealed = seal(attributes);
        List<String> chunks = chunks(sealed, maxAge);
        if (chunks == null) {
            throw new OidcException(ErrorCode.SESSION_TOO_LARGE, "the session does not fit in its cookies even without "
                    + "its ID token (" + sealed.length() + " bytes sealed, at most " + MAX_VALUE + "): ask the provider "
                    + "for fewer claims or roles, or use OIDC_SESSION_MODE=framework with a session store");
        }
        for (int i = 0; i < chunks.size(); i++) jar.set(NAME + i, chunks.get(i), kind.path, maxAge);
        for (int i = chunks.size(); i < Math.max(receivedChunks, MAX_CHUNKS); i++) jar.clear(NAME + i, kind.path);
        if (!idTokenChanged) return;
        String token = idToken == null ? null : sealIdToken();
        // On the logout route the browser sends both: together they stay within the session's limit, or the ID
        // token is dropped (logout without id_token_hint), never the session.
        if (token != null && sealed.length() + token.length() <= MAX_VALUE
                && jar.overhead(ID_TOKEN_NAME, kind.logoutPath, maxAge) + token.length() <= CookieJar.MAX_SET_COOKIE) {
            jar.set(ID_TOKEN_NAME, token, kind.logoutPath, maxAge);
        } else {
            jar.clearUnseen(ID_TOKEN_NAME, kind.logoutPath);
        }
    }

    private String sealIdToken() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", idToken);
        m.put("c", created);
        return kind.idTokens.seal(Json.write(m));
    }

    /** The session as it would be sealed. */
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
}
