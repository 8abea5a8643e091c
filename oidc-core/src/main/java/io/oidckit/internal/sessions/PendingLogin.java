package io.oidckit.internal.sessions;

import io.oidckit.internal.Json;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One login attempt between the redirect to the provider and the callback (OpenID Connect Core 1.0 §3.1.2.1 and
 * RFC 7636): its {@code state}, {@code nonce} and PKCE {@code code_verifier}, where to return, and when it began.
 * Each attempt has its own record, so two tabs logging in at once both succeed.
 */
public record PendingLogin(String state, String nonce, String codeVerifier, String returnTo, long createdAt) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** 256 random bits, base64url: above the contract's 128, and a valid PKCE verifier (43 characters). */
    public static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    static PendingLogin begin(String returnTo, long now) {
        return new PendingLogin(random(), random(), random(), returnTo, now);
    }

    /** The pending logins of one session, as the one string the session stores. */
    static String write(List<PendingLogin> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (PendingLogin p : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", p.state);
            m.put("n", p.nonce);
            m.put("v", p.codeVerifier);
            m.put("r", p.returnTo);
            m.put("t", p.createdAt);
            out.add(m);
        }
        return Json.write(Map.of("p", out));
    }

    /** Reads what {@link #write} wrote; anything unreadable counts as no pending login (never an error page). */
    @SuppressWarnings("unchecked")
    static List<PendingLogin> read(String stored) {
        if (stored == null) return new ArrayList<>();
        try {
            List<PendingLogin> list = new ArrayList<>();
            for (Object o : Json.list(Json.parseObject(stored), "p")) {
                Map<String, Object> m = (Map<String, Object>) o;
                String s = Json.string(m, "s"), n = Json.string(m, "n"), v = Json.string(m, "v"), r = Json.string(m, "r");
                if (s != null && n != null && v != null && r != null) list.add(new PendingLogin(s, n, v, r, Json.number(m, "t")));
            }
            return list;
        } catch (java.text.ParseException | RuntimeException e) {
            return new ArrayList<>();
        }
    }
}
