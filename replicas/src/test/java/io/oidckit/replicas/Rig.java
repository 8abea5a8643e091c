package io.oidckit.replicas;

import io.oidckit.tck.TckBrowser;
import io.oidckit.testprovider.TestProvider;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two replicas of one example behind nginx, both configured against one provider and, in a mode that uses it, one
 * Redis: what a deployment of two instances behind a load balancer looks like, on loopback. Started once per
 * {@link Setup} and shared by its cases; {@link #ensureRunning()} restarts a replica a case left dead.
 */
final class Rig implements AutoCloseable {
    /** The same on both replicas, as in a real deployment: 40 characters (the core asks for at least 32). */
    static final String SESSION_SECRET = "replicas-rig-session-secret-0123456789ab";

    private final Setup setup;
    private final RedisServer redis;
    private final List<Replica> replicas;
    private final NginxProxy nginx;

    private Rig(Setup setup, RedisServer redis, List<Replica> replicas, NginxProxy nginx) {
        this.setup = setup;
        this.redis = redis;
        this.replicas = replicas;
        this.nginx = nginx;
    }

    /**
     * Starts nginx and both replicas (at once: they start in parallel) and returns when both answer. Whatever was
     * started is stopped again if anything fails.
     */
    static Rig start(Setup setup, TestProvider provider, RedisServer redis) {
        Path jar = RigSettings.exampleJar(setup.example());
        List<Integer> ports = List.of(RigProcess.freePort(), RigProcess.freePort());
        NginxProxy nginx = NginxProxy.start(RigSettings.workDir(), setup.id(), ports, setup.basePath());
        List<Replica> replicas = new ArrayList<>();
        try {
            Map<String, String> env = new HashMap<>();
            env.put("OIDC_AUTHORITY", provider.issuer());
            env.put("OIDC_CLIENT_ID", TestProvider.CLIENT_ID);
            env.put("OIDC_CLIENT_SECRET", TestProvider.CLIENT_SECRET);
            // The proxy's origin: the browser comes back through nginx, to whichever replica is next.
            env.put("OIDC_REDIRECT_URI", nginx.url(setup.basePath()) + "auth/callback");
            env.put("OIDC_SESSION_SECRET", SESSION_SECRET);
            if (!setup.basePath().equals("/")) env.put("URL_BASE_PATHNAME", setup.basePath());
            env.putAll(setup.mode().env(redis.url()));
            // In every mode: logouts and refreshes shared through Redis, and the tokens kept (so there is a refresh).
            env.put("OIDC_REDIS_URL", redis.url());
            env.put("OIDC_KEEP_TOKENS", "true");
            String[] names = {"a", "b"};
            for (int i = 0; i < ports.size(); i++) {
                replicas.add(new Replica(setup.id() + "-" + names[i], jar, ports.get(i), setup.basePath(), env));
            }
            replicas.forEach(Replica::start);
            replicas.forEach(Replica::awaitReady);
            return new Rig(setup, redis, List.copyOf(replicas), nginx);
        } catch (RuntimeException | Error e) {
            replicas.forEach(Replica::close);
            nginx.close();
            throw e;
        }
    }

    Setup setup() {
        return setup;
    }

    String basePath() {
        return setup.basePath();
    }

    /** A new browser (its own cookie jar) talking to the proxy only; the provider it reaches by redirect. */
    TckBrowser browser() {
        return new TckBrowser(URI.create(nginx.url("/")));
    }

    List<Replica> replicas() {
        return replicas;
    }

    /**
     * The replica that gave {@code response}, by nginx's {@value NginxProxy#UPSTREAM_HEADER}: the last address
     * when nginx had to try more than one.
     */
    Replica servedBy(TckBrowser.Response response) {
        String upstream = lastUpstream(response);
        return replicas.stream().filter(r -> r.upstream().equals(upstream)).findFirst()
                .orElseThrow(() -> new AssertionError("no replica at upstream " + upstream + " (header "
                        + response.header(NginxProxy.UPSTREAM_HEADER) + ")"));
    }

    static String lastUpstream(TckBrowser.Response response) {
        String header = response.header(NginxProxy.UPSTREAM_HEADER);
        if (header == null) throw new AssertionError("no " + NginxProxy.UPSTREAM_HEADER + " header: " + response.headers());
        String[] tried = header.split(",");
        return tried[tried.length - 1].trim();
    }

    Replica other(Replica replica) {
        return replicas.get(0) == replica ? replicas.get(1) : replicas.get(0);
    }

    /** Restarts, on its port, any replica a case left dead; returns when every replica answers again. */
    void ensureRunning() {
        List<Replica> dead = replicas.stream().filter(r -> !r.isAlive()).toList();
        dead.forEach(Replica::start);
        dead.forEach(Replica::awaitReady);
    }

    /** What to read when a case fails: the end of every log of this rig. */
    String diagnostics() {
        StringBuilder b = new StringBuilder();
        String nl = System.lineSeparator();
        for (Replica r : replicas) b.append(nl).append(r.tail(40));
        b.append(nl).append(nginx.accessLogTail(20)).append(nl).append(nginx.errorLogTail(20));
        if (setup.mode().usesRedis()) b.append(nl).append(redis.tail(15));
        b.append(nl).append("nginx configuration: ").append(nginx.configFile());
        return b.toString();
    }

    /** Stops nginx and both replicas; the replicas are asked at once, so their shutdowns overlap. */
    @Override
    public void close() {
        try {
            nginx.close();
        } finally {
            replicas.forEach(Replica::requestStop);
            replicas.forEach(Replica::close); // each: a bounded wait, then forced
        }
    }

    @Override
    public String toString() {
        return setup + " " + replicas;
    }
}
