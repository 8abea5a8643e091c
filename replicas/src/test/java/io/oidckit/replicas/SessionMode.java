package io.oidckit.replicas;

import java.util.Map;

/**
 * Where the replicas keep their sessions, and the variables that say so. Each mode names what it needs, so a case
 * that needs Redis can tell whether this mode has any.
 */
enum SessionMode {
    /**
     * {@code OIDC_SESSION_MODE} unset: the framework's own session store, in the shared Redis ({@code REDIS_URL}).
     * Spring, Micronaut and Vert.x only: the servlet example has no Redis mode.
     */
    FRAMEWORK_REDIS(true),
    /** {@code OIDC_SESSION_MODE=cookie}: the session sealed in cookies, nothing on any server; all four examples. */
    COOKIE(false);

    private final boolean usesRedis;

    SessionMode(boolean usesRedis) {
        this.usesRedis = usesRedis;
    }

    boolean usesRedis() {
        return usesRedis;
    }

    /** The replicas' variables for this mode; {@code redisUrl} is the shared Redis's. */
    Map<String, String> env(String redisUrl) {
        return switch (this) {
            case FRAMEWORK_REDIS -> Map.of("REDIS_URL", redisUrl);
            case COOKIE -> Map.of("OIDC_SESSION_MODE", "cookie");
        };
    }
}
