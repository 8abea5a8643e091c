package io.oidckit.internal.tokens;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;

import java.util.List;
import java.util.Map;

/**
 * The JSON type of every claim the relying party reads, checked, never coerced: a {@code sub} of {@code 42} or
 * {@code {}} is not the subject "42" (OpenID Connect Core 1.0 §2 and §5.1), and a number where a string belongs is
 * a provider bug or an attack, not something to guess around.
 */
public final class Claims {
    private Claims() {
    }

    public enum Type { STRING, NUMBER, STRING_OR_STRINGS }

    /** The ID token's claims and their types (Core §2); {@code sub} has rules of its own, see {@link #validSubject}. */
    public static final Map<String, Type> ID_TOKEN_TYPES = Map.ofEntries(
            Map.entry("iss", Type.STRING), Map.entry("aud", Type.STRING_OR_STRINGS), Map.entry("azp", Type.STRING),
            Map.entry("nonce", Type.STRING), Map.entry("exp", Type.NUMBER), Map.entry("iat", Type.NUMBER),
            Map.entry("nbf", Type.NUMBER), Map.entry("auth_time", Type.NUMBER), Map.entry("name", Type.STRING),
            Map.entry("email", Type.STRING), Map.entry("sid", Type.STRING));

    /** What the relying party reads from a UserInfo answer (Core §5.1). */
    public static final Map<String, Type> USERINFO_TYPES = Map.of(
            "name", Type.STRING, "email", Type.STRING, "preferred_username", Type.STRING);

    /**
     * Throws {@code code} when {@code sub} is not a subject or a listed claim has another JSON type. {@code claims}
     * is the JSON as sent, or a parsed claims set whose {@code sub} cannot have been a number (Nimbus turns a numeric
     * {@code sub} into a string).
     * {@code what} names the source in the log line.
     */
    public static void check(Map<String, Object> claims, Map<String, Type> types, ErrorCode code, String what) {
        if (!validSubject(claims.get("sub"))) {
            throw new OidcException(code, "the " + what + "'s sub is not a non-empty string of at most 255 ASCII characters");
        }
        for (Map.Entry<String, Type> e : types.entrySet()) {
            Object v = claims.get(e.getKey());
            if (v != null && !is(v, e.getValue())) {
                throw new OidcException(code, "the " + what + "'s " + e.getKey() + " claim is not a JSON "
                        + e.getValue().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
    }

    /**
     * The claims to {@link #check} of a verified token: Nimbus turns a JSON number {@code sub} into its digits while
     * parsing, and keeps every other claim as sent. So a token whose {@code sub} reads like a number is checked in its
     * payload as sent; any other in the parsed set, which is what the provider wrote (parsing the payload again for
     * every token cost a tenth of the verification, benchmarks/RESULTS.md).
     */
    public static Map<String, Object> asSent(com.nimbusds.jwt.JWTClaimsSet claims, com.nimbusds.jwt.SignedJWT jwt) {
        return claims.getClaim("sub") instanceof String sub && NUMBER.matcher(sub).matches()
                ? jwt.getPayload().toJSONObject() : claims.getClaims();
    }

    /** What {@code Number.toString()} can write: a sub that looks like this may have been a JSON number. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9][0-9.Ee+-]*");

    /** Core §2: a locally unique identifier of at most 255 ASCII characters; empty is no identifier. */
    public static boolean validSubject(Object sub) {
        if (!(sub instanceof String s) || s.isEmpty() || s.length() > 255) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) return false;
        }
        return true;
    }

    private static boolean is(Object v, Type t) {
        return switch (t) {
            case STRING -> v instanceof String;
            // A parsed claims set holds exp, iat and nbf as Dates, which Nimbus makes from numbers only.
            case NUMBER -> v instanceof Number || v instanceof java.util.Date;
            case STRING_OR_STRINGS -> v instanceof String
                    || (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String));
        };
    }
}
