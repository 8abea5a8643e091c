package io.oidckit.replicas;

/**
 * One arrangement of the rig: two replicas of {@code example} (its folder under examples/), keeping sessions as
 * {@code mode} says, serving under {@code basePath} ({@code /} or, for example, {@code /app/}: nginx forwards that
 * prefix unchanged and the replicas get it as {@code URL_BASE_PATHNAME}).
 */
record Setup(String example, SessionMode mode, String basePath) {
    Setup {
        if (!basePath.startsWith("/") || !basePath.endsWith("/")) {
            throw new IllegalArgumentException("a base path starts and ends with /: " + basePath);
        }
    }

    /** For folder and log names: {@code spring-app-framework_redis-app}. */
    String id() {
        String base = basePath.equals("/") ? "root" : basePath.replaceAll("[^A-Za-z0-9]+", "");
        return example + "-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "-" + base;
    }

    @Override
    public String toString() {
        return example + ", " + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", under " + basePath;
    }
}
