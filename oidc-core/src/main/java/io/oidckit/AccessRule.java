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
     * {@code role:NAME[|NAME…]} and/or {@code api}, for example
     * {@code profile, admin/** role:admin, api/** api}. Used for every configuration source that is a string
     * (environment, servlet init-params, Vert.x JSON), so the syntax is the same everywhere.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    public static java.util.List<AccessRule> parseList(String text) {
        java.util.List<AccessRule> rules = new java.util.ArrayList<>();
        for (String entry : text.split(",")) {
            String[] words = entry.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) continue;
            Requirement r = Requirement.authenticated();
            boolean api = false;
            for (int i = 1; i < words.length; i++) {
                if (words[i].equals("api")) {
                    api = true;
                } else if (words[i].startsWith("role:") && words[i].length() > 5) {
                    r = Requirement.anyRole(words[i].substring(5).split("\\|"));
                } else {
                    throw new IllegalArgumentException("cannot read '" + entry.trim() + "'");
                }
            }
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
