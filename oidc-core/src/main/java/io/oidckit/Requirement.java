package io.oidckit;

import java.util.List;
import java.util.Set;

/**
 * What a protected route demands: a signed-in user, perhaps holding at least one of some roles; and how the user
 * may prove it ({@link #credential()}): the session of a browser login (the default), an
 * {@code Authorization: Bearer} access token (RFC 6750), or either. A token may also have to carry at least one of
 * some scopes ({@link #anyScope}).
 *
 * <p>A requirement marked {@link #api()} always answers 401/403 JSON, never a redirect, whatever the
 * {@code Accept} header says (docs/contract.md: {@code api/me}); one that takes a bearer token is always an API.
 */
public final class Requirement {
    /** How the user proves who they are on a route. */
    public enum Credential {
        /** The session of a browser login. */
        SESSION,
        /** An access token in {@code Authorization: Bearer}; the session is never read or written. */
        BEARER,
        /** A bearer token when the request sends one (then only the token counts), else the session. */
        BEARER_OR_SESSION
    }

    private final Set<String> anyRole;
    private final boolean api;
    private final Credential credential;
    private final Set<String> anyScope;

    private Requirement(Set<String> anyRole, boolean api, Credential credential, Set<String> anyScope) {
        this.anyRole = anyRole;
        this.credential = credential;
        this.api = api || credential != Credential.SESSION;
        this.anyScope = anyScope;
    }

    /** Any signed-in user. */
    public static Requirement authenticated() {
        return new Requirement(Set.of(), false, Credential.SESSION, Set.of());
    }

    /** A signed-in user holding at least one of {@code roles}. */
    public static Requirement anyRole(String... roles) {
        if (roles.length == 0) throw new IllegalArgumentException("at least one role");
        return new Requirement(Set.copyOf(List.of(roles)), false, Credential.SESSION, Set.of());
    }

    /**
     * The requirement an adapter's annotation declares: any one of {@code roles} (none: any signed-in user), proved
     * by {@code credential}, a bearer token carrying any one of {@code scopes} (none: no scope needed), and answered
     * as an API when {@code api} is set.
     */
    public static Requirement declared(String[] roles, boolean api, Credential credential, String[] scopes) {
        Requirement r = (roles.length == 0 ? authenticated() : anyRole(roles)).proved(credential);
        if (scopes.length > 0) r = r.anyScope(scopes);
        return api ? r.asApi() : r;
    }

    /** The same requirement, answered as an API: 401/403 JSON instead of a redirect or an HTML page. */
    public Requirement asApi() {
        return new Requirement(anyRole, true, credential, anyScope);
    }

    /** The same requirement, proved by {@code credential}; a bearer token makes it an API. */
    public Requirement proved(Credential credential) {
        return new Requirement(anyRole, api, java.util.Objects.requireNonNull(credential, "credential"), anyScope);
    }

    /**
     * The same requirement, and a bearer token must carry at least one of {@code scopes} (its {@code scope} claim,
     * or the introspection answer's), else 403 {@code insufficient_scope}. A session is not judged by scopes: its
     * scopes are the app's own login's.
     */
    public Requirement anyScope(String... scopes) {
        if (scopes.length == 0) throw new IllegalArgumentException("at least one scope");
        return new Requirement(anyRole, api, credential, Set.copyOf(List.of(scopes)));
    }

    public Set<String> roles() {
        return anyRole;
    }

    public boolean api() {
        return api;
    }

    public Credential credential() {
        return credential;
    }

    /** Whether a bearer token counts on this route. */
    public boolean takesBearer() {
        return credential != Credential.SESSION;
    }

    public Set<String> scopes() {
        return anyScope;
    }

    /** Whether {@code user} meets the role requirement. */
    public boolean allows(OidcUser user) {
        if (anyRole.isEmpty()) return true;
        for (String r : anyRole) {
            if (user.roles().contains(r)) return true;
        }
        return false;
    }

    /** Whether a token granted {@code granted} meets the scope requirement. */
    public boolean allowsScopes(Set<String> granted) {
        if (anyScope.isEmpty()) return true;
        for (String s : anyScope) {
            if (granted.contains(s)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return (anyRole.isEmpty() ? "authenticated" : "anyRole" + anyRole) + (anyScope.isEmpty() ? "" : " anyScope" + anyScope)
                + (credential == Credential.SESSION ? "" : " by " + credential) + (api ? " (api)" : "");
    }
}
