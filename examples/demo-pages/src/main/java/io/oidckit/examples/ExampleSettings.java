package io.oidckit.examples;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.Requirement;
import io.oidckit.devprovider.DevProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How every example app configures itself: the contract's environment variables, and when {@code OIDC_AUTHORITY}
 * is unset, the embedded development provider on loopback (CONTRACT.md, "Example apps only").
 */
public final class ExampleSettings implements AutoCloseable {
    /** The demo's protected routes, relative to the base path: the same in every example. */
    public static final List<AccessRule> RULES = List.of(
            AccessRule.of("profile", Requirement.authenticated()),
            AccessRule.of("admin/**", Requirement.anyRole("admin")),
            AccessRule.of("api/**", Requirement.authenticated().asApi()));

    private final Map<String, String> env;
    private final DevProvider devProvider;
    private final int port;

    private ExampleSettings(Map<String, String> env, DevProvider devProvider, int port) {
        this.env = env;
        this.devProvider = devProvider;
        this.port = port;
    }

    /** Reads the environment; starts the development provider when no authority is configured. */
    public static ExampleSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static ExampleSettings from(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        int port = Integer.parseInt(env.getOrDefault("PORT", "8080").trim());
        DevProvider dev = null;
        if (isBlank(env.get("OIDC_AUTHORITY"))) {
            dev = DevProvider.start();
            env.put("OIDC_AUTHORITY", dev.issuer());
            env.putIfAbsent("OIDC_CLIENT_ID", "oidckit-demo");
            env.putIfAbsent("OIDC_CLIENT_SECRET", "dev-only-secret");
            String base = env.getOrDefault("URL_BASE_PATHNAME", "/");
            if (!base.endsWith("/")) base = base + "/";
            if (!base.startsWith("/")) base = "/" + base;
            env.putIfAbsent("OIDC_REDIRECT_URI", "http://localhost:" + port + base + "auth/callback");
        }
        return new ExampleSettings(env, dev, port);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The configuration with the demo's protected routes. Throws with every problem listed when misconfigured. */
    public OidcConfig config() {
        return OidcConfig.fromMap(env).withAccessRules(RULES);
    }

    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    public int port() {
        return port;
    }

    /** The URL a person opens, printed at start-up. */
    public String appUrl(OidcConfig config) {
        return config.redirectUri().resolve(config.basePath()).toString();
    }

    /** Prints where to go and, with the development provider, who to sign in as. */
    public void printBanner(OidcConfig config, String framework) {
        StringBuilder b = new StringBuilder();
        b.append(System.lineSeparator()).append("oidckit ").append(framework).append(" example")
                .append(System.lineSeparator()).append("  open ").append(appUrl(config)).append(System.lineSeparator());
        if (devProvider != null) {
            b.append("  provider: the embedded development provider (OIDC_AUTHORITY is unset)").append(System.lineSeparator());
            for (String line : devProvider.describe().split("\\R")) b.append("  ").append(line).append(System.lineSeparator());
        } else {
            b.append("  provider: ").append(config.authority()).append(System.lineSeparator());
        }
        System.out.println(b);
    }

    @Override
    public void close() {
        if (devProvider != null) devProvider.close();
    }
}
