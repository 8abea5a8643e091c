package io.oidckit;

import java.util.Objects;

/**
 * A protected route: a path pattern relative to the base path, and the {@link Requirement} it has.
 * A pattern is either exact ({@code profile}) or a subtree ({@code api/**}, which also matches {@code api}
 * itself). Paths are normalised before matching (dot segments, repeated slashes, {@code ;} path parameters and
 * percent-encoding), so {@code /./profile}, {@code //profile} or {@code /profile;x} cannot slip past a rule.
 */
public final class AccessRule {
    private final String pattern;
    private final Requirement requirement;
    private final String prefix;
    private final boolean subtree;

    private AccessRule(String pattern, Requirement requirement) {
        String p = pattern.trim();
        while (p.startsWith("/")) p = p.substring(1);
        this.pattern = p;
        this.requirement = Objects.requireNonNull(requirement);
        this.subtree = p.endsWith("**");
        String stem = subtree ? p.substring(0, p.length() - 2) : p;
        while (stem.endsWith("/")) stem = stem.substring(0, stem.length() - 1);
        this.prefix = stem;
    }

    public static AccessRule of(String pattern, Requirement requirement) {
        return new AccessRule(pattern, requirement);
    }

    /**
     * Parses the {@code OIDC_PROTECT} syntax: comma-separated entries, each a pattern optionally followed by
     * {@code role:NAME[|NAME…]}, {@code scope:NAME[|NAME…]} and one of {@code api}, {@code bearer} (a bearer
     * token only) or {@code bearer-or-session}, for example
     * {@code profile, admin/** role:admin, api/** bearer-or-session, orders/** bearer scope:orders.read}. Used for
     * every configuration source that is a string (environment, servlet init-params, Vert.x JSON), so the syntax is
     * the same everywhere. A scope needs a bearer token to judge: {@code scope:} without {@code bearer…} is refused.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    public static java.util.List<AccessRule> parseList(String text) {
        java.util.List<AccessRule> rules = new java.util.ArrayList<>();
        for (String entry : text.split(",")) {
            String[] words = entry.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) continue;
            Requirement r = Requirement.authenticated();
            String[] scopes = null;
            boolean api = false;
            Requirement.Credential proof = Requirement.Credential.SESSION;
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                if (w.equals("api")) {
                    api = true;
                } else if (w.equals("bearer") || w.equals("bearer-or-session")) {
                    proof = w.equals("bearer") ? Requirement.Credential.BEARER : Requirement.Credential.BEARER_OR_SESSION;
                } else if (w.startsWith("role:") && w.length() > 5) {
                    r = Requirement.anyRole(w.substring(5).split("\\|"));
                } else if (w.startsWith("scope:") && w.length() > 6) {
                    scopes = w.substring(6).split("\\|");
                } else {
                    throw new IllegalArgumentException("cannot read '" + entry.trim() + "'");
                }
            }
            if (scopes != null && proof == Requirement.Credential.SESSION) {
                throw new IllegalArgumentException("'" + entry.trim() + "' asks for a scope, which only a bearer token "
                        + "carries: add bearer or bearer-or-session");
            }
            r = r.proved(proof);
            if (scopes != null) r = r.anyScope(scopes);
            rules.add(of(words[0], api ? r.asApi() : r));
        }
        return rules;
    }

    public String pattern() {
        return pattern;
    }

    public Requirement requirement() {
        return requirement;
    }

    /** Whether the normalised {@code relativePath} (below the base path, no leading slash) is covered by this rule. */
    public boolean matches(String relativePath) {
        String path = relativePath.endsWith("/") ? relativePath.substring(0, relativePath.length() - 1) : relativePath;
        if (!subtree) return path.equals(prefix);
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public String toString() {
        return pattern + " -> " + requirement;
    }
}
