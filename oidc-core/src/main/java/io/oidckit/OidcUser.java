package io.oidckit;

import java.io.Serializable;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The signed-in user, as the session keeps it: the subject, the display claims and the roles taken from the
 * configured roles claim at login. It is a {@link Principal} whose name is the stable {@code sub}
 * (OpenID Connect Core 1.0 §2), so servlet code calling {@code getUserPrincipal().getName()} gets an identifier that
 * never changes with a display name.
 *
 * <p>Reading it from the session costs no I/O and no cryptography: the ID token was verified once, at login.
 */
public final class OidcUser implements Principal, Serializable {
    private static final long serialVersionUID = 4L;

    private final String subject;
    private final String name;
    private final String email;
    private final String preferredUsername;
    private final Set<String> roles;
    private final long authenticatedAt;
    private final long expiresAt;
    private final Set<String> scopes;
    private final boolean bearer;
    private final String sid;
    private final String loginId;
    /** Not serialised: a principal a framework writes somewhere must not carry the user's token there. */
    private final transient String accessToken;
    private final long accessTokenIssuedAt;
    private final long accessTokenExpiresAt;

    /** A user signed in through a browser login, whose session holds no scopes. */
    public OidcUser(String subject, String name, String email, String preferredUsername, Set<String> roles,
                    long authenticatedAt, long expiresAt) {
        this(subject, name, email, preferredUsername, roles, authenticatedAt, expiresAt, Set.of(), false, null, null, null, 0, 0);
    }

    /** A user proved by a bearer token that was granted {@code scopes}. */
    public OidcUser(String subject, String name, String email, String preferredUsername, Set<String> roles,
                    long authenticatedAt, long expiresAt, Set<String> scopes) {
        this(subject, name, email, preferredUsername, roles, authenticatedAt, expiresAt, scopes, true, null, null, null, 0, 0);
    }

    private OidcUser(String subject, String name, String email, String preferredUsername, Set<String> roles,
                     long authenticatedAt, long expiresAt, Set<String> scopes, boolean bearer, String sid,
                     String loginId, String accessToken, long accessTokenIssuedAt, long accessTokenExpiresAt) {
        this.subject = Objects.requireNonNull(subject, "sub");
        this.name = name;
        this.email = email;
        this.preferredUsername = preferredUsername;
        this.roles = Set.copyOf(roles);
        this.authenticatedAt = authenticatedAt;
        this.expiresAt = expiresAt;
        this.scopes = Set.copyOf(scopes);
        this.bearer = bearer;
        this.sid = sid;
        this.loginId = loginId;
        this.accessToken = accessToken;
        this.accessTokenIssuedAt = accessTokenIssuedAt;
        this.accessTokenExpiresAt = accessTokenExpiresAt;
    }

    /**
     * The same user, signed in within the provider's session {@code sid} (the ID token's {@code sid} claim, OpenID
     * Connect Front-Channel and Back-Channel Logout 1.0): a logout of that provider session ends this one.
     */
    public OidcUser withSid(String sid) {
        return new OidcUser(subject, name, email, preferredUsername, roles, authenticatedAt, expiresAt, scopes, bearer, sid,
                loginId, accessToken, accessTokenIssuedAt, accessTokenExpiresAt);
    }

    /**
     * The same user, with {@code loginId}: a random name for this one login, made at sign-in. Logout publishes it, so
     * every replica ends this session (a copy of its cookie included) and no other.
     */
    public OidcUser withLoginId(String loginId) {
        return new OidcUser(subject, name, email, preferredUsername, roles, authenticatedAt, expiresAt, scopes, bearer, sid,
                loginId, accessToken, accessTokenIssuedAt, accessTokenExpiresAt);
    }

    /**
     * The same user, holding the access token {@code token} obtained at {@code issuedAt} and valid until
     * {@code expiresAt} (epoch seconds), granted {@code scopes} ({@code OIDC_KEEP_TOKENS}).
     */
    public OidcUser withAccessToken(String token, long issuedAt, long expiresAt, Set<String> scopes) {
        return new OidcUser(subject, name, email, preferredUsername, roles, authenticatedAt, this.expiresAt, scopes, bearer,
                sid, loginId, token, issuedAt, expiresAt);
    }

    /** The {@code sub} claim: the provider's stable identifier for the user. */
    public String subject() { return subject; }
    /** The {@code name} claim, or {@code null}. */
    public String fullName() { return name; }
    /** The {@code email} claim, or {@code null}. */
    public String email() { return email; }
    /** The {@code preferred_username} claim, or {@code null}. */
    public String preferredUsername() { return preferredUsername; }
    /** The roles from the configured roles claim; empty when the claim is absent. */
    public Set<String> roles() { return roles; }
    public boolean hasRole(String role) { return roles.contains(role); }
    /** When the login completed (for a bearer token: its {@code iat}), in epoch seconds. */
    public long authenticatedAt() { return authenticatedAt; }
    /** When the local session ends ({@code OIDC_SESSION_MAX_AGE} after login; for a bearer token: its {@code exp}), in epoch seconds. */
    public long expiresAt() { return expiresAt; }
    /**
     * The scopes a bearer token was granted; for a user signed in with a session, those of {@link #accessToken()}
     * ({@code OIDC_KEEP_TOKENS}), else empty.
     */
    public Set<String> scopes() { return scopes; }
    /**
     * Whether this request proved the user with a bearer token rather than a session: then an adapter gives the user
     * to this request only, and never writes the framework's session.
     */
    public boolean viaBearerToken() { return bearer; }
    /** The provider's session this login belongs to (the ID token's {@code sid}), or {@code null} when it sent none. */
    public String sid() { return sid; }
    /** The random name of this login, made at sign-in ({@link #withLoginId}); {@code null} for a bearer token. */
    public String loginId() { return loginId; }

    /**
     * With {@code OIDC_KEEP_TOKENS=true}: the user's access token, to call an API on the user's behalf
     * ({@code Authorization: Bearer …}). The core refreshed it before handing the user to this request when it was
     * within {@code OIDC_CLOCK_SKEW} of {@link #accessTokenExpiresAt()} (or half its lifetime, when that is shorter),
     * so it stays valid for the request. {@code null} without the setting, and for a bearer-token request (the app
     * has the caller's token itself). Never logged, never in {@link #toString()}, not serialised.
     */
    public String accessToken() { return accessToken; }
    /** When {@link #accessToken()} was obtained, at login or by the last refresh (epoch seconds); 0 without one. */
    public long accessTokenIssuedAt() { return accessTokenIssuedAt; }
    /** When {@link #accessToken()} expires (epoch seconds); 0 without one. */
    public long accessTokenExpiresAt() { return accessTokenExpiresAt; }

    /**
     * The profile claims the user has, by claim name ({@code name}, {@code email}, {@code preferred_username}): the
     * attributes of a framework's own user type, named the same on every framework.
     */
    public Map<String, String> profile() {
        Map<String, String> m = new LinkedHashMap<>();
        if (name != null) m.put("name", name);
        if (email != null) m.put("email", email);
        if (preferredUsername != null) m.put("preferred_username", preferredUsername);
        return Collections.unmodifiableMap(m);
    }

    /** What to greet the user with: {@code name}, else {@code email}, else {@code sub} (docs/contract.md, {@code GET B}). */
    public String displayName() {
        if (name != null && !name.isBlank()) return name;
        if (email != null && !email.isBlank()) return email;
        return subject;
    }

    /** The stable {@code sub}. */
    @Override
    public String getName() {
        return subject;
    }

    /**
     * The contract's {@code api/me} body: {@code {"sub":…,"name":…,"email":…,"roles":[…]}}, with roles sorted so
     * the answer is the same on every framework. Absent claims are {@code null}.
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(128).append("{\"sub\":");
        io.oidckit.internal.Json.quote(b, subject).append(",\"name\":");
        io.oidckit.internal.Json.quote(b, name).append(",\"email\":");
        io.oidckit.internal.Json.quote(b, email).append(",\"roles\":[");
        List<String> sorted = roles.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) b.append(',');
            io.oidckit.internal.Json.quote(b, sorted.get(i));
        }
        return b.append("]}").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OidcUser u && subject.equals(u.subject) && Objects.equals(name, u.name)
                && Objects.equals(email, u.email) && roles.equals(u.roles) && authenticatedAt == u.authenticatedAt
                && expiresAt == u.expiresAt && Objects.equals(preferredUsername, u.preferredUsername)
                && scopes.equals(u.scopes) && bearer == u.bearer && Objects.equals(sid, u.sid)
                && Objects.equals(loginId, u.loginId) && Objects.equals(accessToken, u.accessToken)
                && accessTokenExpiresAt == u.accessTokenExpiresAt && accessTokenIssuedAt == u.accessTokenIssuedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, authenticatedAt);
    }

    /** Names the subject only: no personal data in logs. */
    @Override
    public String toString() {
        return "OidcUser{sub=" + subject + ", roles=" + roles + "}";
    }
}
