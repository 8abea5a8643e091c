package io.oidckit.examples;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.Requirement;
import io.oidckit.devprovider.DevProvider;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * How every example app configures itself: the contract's environment variables (docs/contract.md), {@code PORT}
 * and {@code HOST}, and when {@code OIDC_AUTHORITY} is unset, the embedded development provider on loopback
 * (docs/contract.md, "Example apps only").
 *
 * <p>{@code PORT} is checked before anything starts: a value that is not a port number, or a port another process
 * already listens on, stops start-up with one line naming {@code PORT} ({@link PortException}), before the
 * development provider or the server is started, so nothing is left running.
 */
public final class ExampleSettings implements AutoCloseable {
    /**
     * The demo's protected routes, relative to the base path: the same in every example. {@code api/**} takes a
     * bearer token as well as the session when {@code OIDC_API_AUDIENCE} names the API's audience (the development
     * provider's tokens carry the client id), else the session only.
     */
    public static List<AccessRule> rules(boolean bearer) {
        Requirement api = Requirement.authenticated().asApi();
        return List.of(AccessRule.of("profile", Requirement.authenticated()),
                AccessRule.of("admin/**", Requirement.anyRole("admin")),
                AccessRule.of("api/**", bearer ? api.proved(Requirement.Credential.BEARER_OR_SESSION) : api));
    }

    /** The port when {@code PORT} is unset. */
    public static final int DEFAULT_PORT = 8080;

    /** The address when {@code HOST} is unset and the development provider is used (it is loopback-only). */
    public static final String LOOPBACK = "127.0.0.1";

    private final Map<String, String> env;
    private final DevProvider devProvider;
    private final int port;
    private final String host;

    private ExampleSettings(Map<String, String> env, DevProvider devProvider, int port, String host) {
        this.env = env;
        this.devProvider = devProvider;
        this.port = port;
        this.host = host;
    }

    /** Reads the environment; starts the development provider when no authority is configured. */
    public static ExampleSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** {@link #from(Map, String)} with {@code HOST} defaulting to 127.0.0.1 with a real provider too. */
    public static ExampleSettings from(Map<String, String> environment) {
        return from(environment, LOOPBACK);
    }

    /**
     * Reads {@code environment}: {@code PORT} (default 8080), {@code HOST} (default 127.0.0.1 with the development
     * provider, {@code realProviderHost} with a real one), and the {@code OIDC_*} settings. Starts the development
     * provider when {@code OIDC_AUTHORITY} is unset, after {@code PORT} has been checked.
     *
     * @throws PortException when {@code PORT} is not a port number or the port is taken on that address
     */
    public static ExampleSettings from(Map<String, String> environment, String realProviderHost) {
        Map<String, String> env = new HashMap<>(environment);
        int port = port(env.get("PORT"));
        boolean useDevProvider = isBlank(env.get("OIDC_AUTHORITY"));
        String host = isBlank(env.get("HOST")) ? (useDevProvider ? LOOPBACK : realProviderHost) : env.get("HOST").trim();
        checkFree(host, port);
        DevProvider dev = null;
        if (useDevProvider) {
            dev = DevProvider.start();
            env.put("OIDC_AUTHORITY", dev.issuer());
            env.putIfAbsent("OIDC_CLIENT_ID", "oidckit-demo");
            env.putIfAbsent("OIDC_CLIENT_SECRET", "dev-only-secret");
            // Its access tokens are typed JWT (not at+jwt) and carry the client id as their audience.
            env.putIfAbsent("OIDC_API_AUDIENCE", env.get("OIDC_CLIENT_ID"));
            env.putIfAbsent("OIDC_API_JWT_TYPES", "at+jwt jwt");
            String base = env.getOrDefault("URL_BASE_PATHNAME", "/");
            if (!base.endsWith("/")) base = base + "/";
            if (!base.startsWith("/")) base = "/" + base;
            env.putIfAbsent("OIDC_REDIRECT_URI", "http://localhost:" + port + base + "auth/callback");
        }
        return new ExampleSettings(env, dev, port, host);
    }

    /**
     * {@code PORT} as a number: unset or blank is {@value #DEFAULT_PORT}; otherwise digits only, 0 to 65535 (0: a
     * free port chosen by the system).
     *
     * @throws PortException naming {@code PORT} and the value when it is anything else
     */
    public static int port(String value) {
        if (isBlank(value)) return DEFAULT_PORT;
        String v = value.trim();
        if (v.matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(v);
            if (port <= 65535) return port;
        }
        throw new PortException("OIDC102 PORT: must be a port number from 0 to 65535, got " + printable(value));
    }

    /**
     * Fails at once, before anything is started, when another process already listens on {@code host:port}. The
     * server could still lose a race for the port afterwards; {@link #portProblem(Throwable)} turns its failure
     * into the same one line.
     */
    private static void checkFree(String host, int port) {
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the servers do: a port with connections in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw bindProblem(host, port, e);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            // Not about the port (an unknown HOST, ...): the server reports it when it tries to listen.
        }
    }

    private static PortException bindProblem(String host, int port, BindException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
            return new PortException("OIDC102 PORT: " + port + " is already in use on " + host
                    + "; set PORT to a free port");
        }
        return new PortException("OIDC102 PORT: cannot listen on " + host + ":" + port + " (" + printable(reason)
                + "); set PORT to a port this user may open, or HOST to an address of this machine");
    }

    /**
     * The one-line {@link PortException} for a server that failed to start because it could not bind its port
     * (a {@link BindException} anywhere in {@code failure}'s causes), or {@code null} when that is not the reason.
     */
    public PortException portProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PortException p) return p;
            if (t instanceof BindException b) return bindProblem(host, port, b);
        }
        return null;
    }

    /**
     * What each example's {@code main} does to start: runs {@code start}; on a misconfiguration
     * ({@link OidcConfigException}, one line per setting) or a {@link PortException} (one line), prints the message
     * to stderr, without a stack trace, and exits with status 2. {@code start} has stopped whatever it started by
     * then.
     */
    public static <A> A startOrExit(Callable<A> start) throws Exception {
        try {
            return start.call();
        } catch (OidcConfigException | PortException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            System.exit(2);
            throw new IllegalStateException("unreachable", e);
        }
    }

    private static String printable(String s) {
        String p = s.codePoints()
                .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return p.length() > 40 ? p.substring(0, 40) + "..." : p;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The configuration with the demo's protected routes. Throws with every problem listed when misconfigured. */
    public OidcConfig config() {
        OidcConfig read = OidcConfig.fromMap(env);
        return read.withAccessRules(rules(read.apiAudience() != null));
    }

    public Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /**
     * {@code REDIS_URL} ({@code redis://127.0.0.1:6379}, as the framework's Redis client reads it), or {@code null}
     * when unset or blank: then the examples keep their framework's in-memory sessions. When set, the Spring,
     * Micronaut and Vert.x examples keep their sessions in that Redis through the framework's own session store, so
     * replicas behind a load balancer share logins (docs/replicas.md).
     */
    public String redisUrl() {
        String url = env.get("REDIS_URL");
        return isBlank(url) ? null : url.trim();
    }

    /** The port from {@code PORT}; 0 means the server picks one. */
    public int port() {
        return port;
    }

    /** The address to listen on, from {@code HOST}. */
    public String host() {
        return host;
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

    /**
     * {@code PORT} cannot be used: not a port number, or taken. The message is one line, starts with the code
     * (docs/errors.md), names {@code PORT} and its value, and says what to do.
     */
    public static final class PortException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortException(String line) {
            super(line, null, false, false);
        }
    }
}
