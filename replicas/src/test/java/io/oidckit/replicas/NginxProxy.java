package io.oidckit.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's nginx in front of the replicas, from a configuration generated into a folder of its own (pid, logs and
 * temp files there too), listening on a free loopback port. Plain round robin, no stickiness: with one client
 * sending one request after another, consecutive requests go to alternate replicas, and every answer names the
 * replica that gave it in {@value #UPSTREAM_HEADER}.
 */
final class NginxProxy implements AutoCloseable {
    /** {@code $upstream_addr}: the replica's address; "A, B" when A failed and B answered. */
    static final String UPSTREAM_HEADER = "X-Upstream";
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final RigProcess process;

    private NginxProxy(int port, Path dir, RigProcess process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** nginx forwarding {@code basePath} (and below, the prefix kept) to the replicas on {@code upstreamPorts}. */
    static NginxProxy start(Path parent, String name, List<Integer> upstreamPorts, String basePath) {
        Path nginx = RigSettings.requireProgram(RigSettings.nginx(), "nginx");
        int port = RigProcess.freePort();
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent, "nginx-" + name + "-");
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, port, upstreamPorts, basePath), StandardCharsets.UTF_8);
            // -p: relative paths resolve in dir; -e: the log of start-up, before the configuration is read (else
            // nginx opens its compiled-in /var/log/nginx/error.log).
            List<String> cmd = List.of(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
                    "-e", dir.resolve("error.log").toString());
            Path log = RigSettings.logDir().resolve("nginx-" + name + ".log");
            RigProcess p = RigProcess.start("nginx-" + name, cmd, Map.of(), dir, log);
            NginxProxy proxy = new NginxProxy(port, dir, p);
            try {
                p.awaitPort(port, STARTUP);
            } catch (RuntimeException e) {
                p.close();
                throw new IllegalStateException(e.getMessage() + System.lineSeparator() + proxy.errorLogTail(20), e);
            }
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The generated configuration, every path inside {@code dir}. One process ({@code master_process off}): it is
     * the process the rig started, so stopping it by its handle stops all of nginx, and a forced stop cannot leave
     * workers behind still holding the port; it also keeps a single round-robin state, so alternation is exact.
     */
    static String config(Path dir, int port, List<Integer> upstreamPorts, String basePath) {
        String servers = upstreamPorts.stream()
                // A failed replica is skipped for 2 s (nginx's default is 10 s), so a restarted one rejoins soon.
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
                .collect(Collectors.joining("\n"));
        String d = dir.toString();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;

                events {
                    worker_connections 256;
                }

                http {
                    log_format upstreams '$time_iso8601 "$request" $status upstream=$upstream_addr upstream_status=$upstream_status $request_time s';
                    access_log %1$s/access.log upstreams;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;

                    # Plain round robin: no ip_hash, no sticky cookie.
                    upstream replicas {
                %2$s
                    }

                    server {
                        listen 127.0.0.1:%3$d;

                        location %4$s {
                            # No URI part after the upstream: the path goes on unchanged, the base path kept.
                            proxy_pass http://replicas;
                            proxy_http_version 1.1;
                            # The app sees the proxy's host:port, the origin of its redirect URI.
                            proxy_set_header Host $http_host;
                            # A replica that refuses the connection or does not answer: the request goes to the
                            # other. Never on an HTTP answer: a 503 from a replica reaches the browser.
                            proxy_next_upstream error timeout;
                            proxy_next_upstream_tries 2;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 30s;
                            add_header %5$s $upstream_addr always;
                        }
                    }
                }
                """.formatted(d, servers, port, basePath, UPSTREAM_HEADER);
    }

    int port() {
        return port;
    }

    /** The proxy's origin with the base path, for example {@code http://127.0.0.1:PORT/app/}. */
    String url(String basePath) {
        return "http://127.0.0.1:" + port + basePath;
    }

    Path configFile() {
        return dir.resolve("nginx.conf");
    }

    String errorLogTail(int lines) {
        return RigProcess.tail(process.name() + " error.log", dir.resolve("error.log"), lines);
    }

    String accessLogTail(int lines) {
        return RigProcess.tail(process.name() + " access.log", dir.resolve("access.log"), lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
