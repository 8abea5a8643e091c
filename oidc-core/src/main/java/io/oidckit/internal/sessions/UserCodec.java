package io.oidckit.internal.sessions;

import io.oidckit.internal.Json;

import io.oidckit.OidcUser;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in user as the short string the session stores, and back. Checking a session parses this string
 * (no I/O, no cryptography); a small memo keyed by the stored string makes repeated checks of the same session a
 * map look-up, because sessions in memory hand back the same {@code String} instance, whose hash is cached.
 */
public final class UserCodec {
    private static final int MEMO_LIMIT = 10_000;
    private final Map<String, OidcUser> memo = new ConcurrentHashMap<>();

    public String write(OidcUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", u.subject());
        if (u.fullName() != null) m.put("name", u.fullName());
        if (u.email() != null) m.put("email", u.email());
        if (u.preferredUsername() != null) m.put("pu", u.preferredUsername());
        m.put("roles", List.copyOf(u.roles()));
        m.put("at", u.authenticatedAt());
        m.put("exp", u.expiresAt());
        if (u.sid() != null) m.put("sid", u.sid());
        if (u.loginId() != null) m.put("lid", u.loginId());
        if (u.accessToken() != null) {
            m.put("tok", u.accessToken());
            m.put("tiat", u.accessTokenIssuedAt());
            m.put("texp", u.accessTokenExpiresAt());
            m.put("tsc", List.copyOf(u.scopes()));
        }
        return Json.write(m);
    }

    /** The user, or {@code null} when the stored value is absent or unreadable (a corrupt session is anonymous). */
    public OidcUser read(String stored) {
        if (stored == null) return null;
        OidcUser known = memo.get(stored);
        if (known != null) return known;
        OidcUser u = parse(stored);
        if (u != null) {
            if (memo.size() >= MEMO_LIMIT) memo.clear();
            memo.put(stored, u);
        }
        return u;
    }

    private static OidcUser parse(String stored) {
        try {
            Map<String, Object> m = Json.parseObject(stored);
            String sub = Json.string(m, "sub");
            if (sub == null) return null;
            Set<String> roles = new LinkedHashSet<>();
            for (Object r : Json.list(m, "roles")) {
                if (r instanceof String s) roles.add(s);
            }
            OidcUser u = new OidcUser(sub, Json.string(m, "name"), Json.string(m, "email"), Json.string(m, "pu"), roles,
                    Json.number(m, "at"), Json.number(m, "exp"));
            String sid = Json.string(m, "sid");
            if (sid != null) u = u.withSid(sid);
            String lid = Json.string(m, "lid");
            if (lid != null) u = u.withLoginId(lid);
            String token = Json.string(m, "tok");
            if (token != null) {
                Set<String> scopes = new LinkedHashSet<>();
                for (Object sc : Json.list(m, "tsc")) {
                    if (sc instanceof String s) scopes.add(s);
                }
                u = u.withAccessToken(token, Json.number(m, "tiat"), Json.number(m, "texp"), scopes);
            }
            return u;
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }
}
