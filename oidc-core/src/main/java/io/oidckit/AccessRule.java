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
