package io.oidckit;

import java.util.List;
import java.util.Set;

/**
 * What a protected route demands: a logged-in user, or a logged-in user with at least one of some roles.
 * A requirement marked {@link #api()} always answers 401/403 JSON, never a redirect, whatever the
 * {@code Accept} header says (docs/contract.md: {@code api/me}).
 */
public final class Requirement {
    private final Set<String> anyRole;
    private final boolean api;

    private Requirement(Set<String> anyRole, boolean api) {
        this.anyRole = anyRole;
        this.api = api;
    }

    /** Any logged-in user. */
    public static Requirement authenticated() {
        return new Requirement(Set.of(), false);
    }

    /** A logged-in user holding at least one of {@code roles}. */
    public static Requirement anyRole(String... roles) {
        if (roles.length == 0) throw new IllegalArgumentException("at least one role");
        return new Requirement(Set.copyOf(List.of(roles)), false);
    }

    /** The same requirement, answered as an API: 401/403 JSON instead of a redirect or an HTML page. */
    public Requirement asApi() {
        return new Requirement(anyRole, true);
    }

    public Set<String> roles() {
        return anyRole;
    }

    public boolean api() {
        return api;
    }

    /** Whether {@code user} meets this requirement. */
    public boolean allows(OidcUser user) {
        if (anyRole.isEmpty()) return true;
        for (String r : anyRole) {
            if (user.roles().contains(r)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return (anyRole.isEmpty() ? "authenticated" : "anyRole" + anyRole) + (api ? " (api)" : "");
    }
}
