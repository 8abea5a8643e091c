package io.oidckit.bench.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Items 2-4 for every app given: starts each app's {@link BenchServer} process, measures the routes from this
 * process with {@link LoadGen} (same connections and duration for every route, routes interleaved round by round,
 * order rotated each round), then asks the oidckit servers for the login and session figures.
 *
 * <p>Usage: {@code HttpBench OUT_DIR ROUND_SECONDS ROUNDS CONNECTIONS LOGIN_SECONDS SPEC...}, where a SPEC is
 * {@code className@classpath}. Writes {@code http-rounds.tsv}, {@code logins.txt}, {@code summary-http.md} and
 * the servers' logs to OUT_DIR.
 */
public final class HttpBench {
    private HttpBench() {
    }

    /** A route of a server, requested with {@code header} (a whole header line), or with the server's cookie when null. */
    record Target(Server server, String path, String header) {
        Target(Server server, String path) {
            this(server, path, null);
        }

        String label() {
            return server.name + (server.nativeOf == null ? "" : "(native)") + (server.cookieMode ? "(cookie mode)" : "")
                    + " " + path + (header == null ? "" : " (bearer)");
        }

        LoadGen.Result load(int connections, double seconds) throws InterruptedException {
            return header == null ? LoadGen.run(server.port, path, server.cookie, connections, seconds, 200)
                    : LoadGen.runWith(server.port, path, header, connections, seconds, 200);
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        double round = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int loginSeconds = Integer.parseInt(args[4]);
        List<String> specs = Arrays.asList(args).subList(5, args.length);

        // Groups: an oidckit app, plus the framework's own solution when there is one.
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String spec : specs) {
            String cls = spec.substring(0, spec.indexOf('@'));
            String group = cls.replaceAll("^io\\.oidckit\\.bench\\.([a-z]+)\\..*$", "$1");
            if (group.equals("http")) group = "servlet";
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(spec);
        }
        List<String> summary = new ArrayList<>();
        List<String> bearer = new ArrayList<>();
        List<String> logins = new ArrayList<>();
        try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("http-rounds.tsv")))) {
            tsv.println("app\troute\tround\trequests_per_s\tok\terrors\tseconds\tserver_cpu_us_per_request");
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                List<Server> servers = new ArrayList<>();
                try {
                    for (String spec : g.getValue()) servers.add(Server.start(spec, out, false));
                    // The same oidckit app again, in cookie session mode (docs/replicas.md).
                    for (String spec : g.getValue()) {
                        if (servers.get(g.getValue().indexOf(spec)).nativeOf == null) servers.add(Server.start(spec, out, true));
                    }
                    measureGroup(g.getKey(), servers, round, rounds, connections, loginSeconds, tsv, summary, bearer, logins);
                } catch (Exception e) {
                    summary.add("| " + g.getKey() + " | FAILED: " + e.getMessage().replace('|', '/') + " | | | |");
                    System.err.println("group " + g.getKey() + " failed: " + e);
                    e.printStackTrace();
                } finally {
                    for (Server s : servers) s.stop();
                }
            }
        }
        Files.write(out.resolve("summary-http.md"), summary);
        Files.write(out.resolve("summary-6-bearer-http.md"), bearer);
        Files.write(out.resolve("logins.txt"), logins);
        summary.forEach(System.out::println);
        logins.forEach(System.out::println);
    }

    private static void measureGroup(String group, List<Server> servers, double round, int rounds, int connections,
                                     int loginSeconds, PrintWriter tsv, List<String> summary, List<String> bearer,
                                     List<String> logins) throws Exception {
        Server oidc = servers.stream().filter(s -> s.nativeOf == null && !s.cookieMode).findFirst().orElseThrow();
        Server cookies = servers.stream().filter(s -> s.cookieMode).findFirst().orElseThrow();
        List<Target> targets = new ArrayList<>(List.of(new Target(oidc, "/open/hello"), new Target(oidc, "/p/hello"),
                new Target(oidc, "/pub/hello"), new Target(oidc, "/p/hello", "Authorization: Bearer " + oidc.token),
                // The same request bytes to the open route: a bearer request's size costs the server too, whatever
                // checks the token, so the bearer rows compare like with like.
                new Target(oidc, "/open/hello", "Authorization: Bearer " + oidc.token)));
        targets.add(new Target(cookies, "/p/hello"));
        targets.add(new Target(cookies, "/open/hello"));
        for (Server s : servers) {
            if (s.nativeOf != null) {
                targets.add(new Target(s, "/p/hello"));
                targets.add(new Target(s, "/open/hello"));
            }
        }
        Target byToken = targets.get(3), openToken = targets.get(4);
        // BENCH_TARGETS=bearer: item 6's pair alone, so that more rounds fit in the time (its ratio is the noisiest).
        boolean bearerOnly = "bearer".equals(System.getenv("BENCH_TARGETS"));
        List<Target> run = bearerOnly ? List.of(byToken, openToken) : targets;
        Map<Target, List<Double>> rps = new LinkedHashMap<>();
        Map<Target, List<Double>> cpu = new LinkedHashMap<>(); // server CPU microseconds per request
        for (Target t : run) {
            rps.put(t, new ArrayList<>());
            cpu.put(t, new ArrayList<>());
        }
        // Warm-up: every route WARMUP_ROUNDS times (JIT, pools, connections). With three servers per group on 2 cores,
        // one round left the later servers still compiling through the first measured rounds.
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_ROUNDS", "3"));
        for (int w = 0; w < warmup; w++) {
            for (Target t : run) t.load(connections, round);
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < run.size(); i++) {
                Target t = run.get((i + r) % run.size());
                long cpu0 = t.server.cpuMicros();
                LoadGen.Result res = t.load(connections, round);
                double cpuPerRequest = (t.server.cpuMicros() - cpu0) / (double) Math.max(1, res.ok());
                rps.get(t).add(res.perSecond());
                // Inverted, so that "a vs b" reads like throughput: higher is cheaper.
                cpu.get(t).add(1 / cpuPerRequest);
                tsv.printf(Locale.ROOT, "%s\t%s\t%d\t%.1f\t%d\t%d\t%.2f\t%.1f%n", t.server.name
                                + (t.server.nativeOf == null ? "" : "-native") + (t.server.cookieMode ? "-cookie" : ""),
                        t.path + (t.header == null ? "" : "+bearer"), r, res.perSecond(), res.ok(), res.errors(), res.seconds(), cpuPerRequest);
                tsv.flush();
                if (res.errors() > 0) throw new IllegalStateException(t.label() + ": " + res.errors() + " answers were not 200");
            }
        }
        bearer.add(row(group + ": bearer-protected (a known JWT) vs unprotected (same request), throughput", rps.get(byToken), rps.get(openToken), ">= 0.90"));
        bearer.add(cpuRow(group + ": bearer-protected (a known JWT) vs unprotected (same request), server CPU per request", cpu.get(byToken), cpu.get(openToken), ">= 0.90"));
        String calls = oidc.command("introspect " + round + " " + connections, 60);
        bearer.add("| " + group + ": introspection calls for one new opaque token, " + connections + " connections for "
                + round + " s (" + Server.field(calls, "requests") + " requests) | " + Server.field(calls, "calls")
                + " | | exactly 1 | " + ("1".equals(Server.field(calls, "calls")) && "0".equals(Server.field(calls, "errors"))
                ? "met" : "MISSED") + " |");
        if (bearerOnly) return;
        Target open = targets.get(0), prot = targets.get(1), pub = targets.get(2);
        summary.add(row(group + ": protected (signed in) vs unprotected, throughput", rps.get(prot), rps.get(open), ">= 0.90"));
        summary.add(cpuRow(group + ": protected (signed in) vs unprotected, server CPU per request", cpu.get(prot), cpu.get(open), ">= 0.90"));
        Target cookieProt = targets.get(5), cookieOpen = targets.get(6);
        summary.add(row(group + ": protected in cookie mode vs in framework mode, throughput", rps.get(cookieProt), rps.get(prot), ">= 0.90"));
        summary.add(cpuRow(group + ": protected in cookie mode vs in framework mode, server CPU per request", cpu.get(cookieProt), cpu.get(prot), ">= 0.90"));
        String againstNothing = group.equals("micronaut") ? ">= 0.90" : "(info)";
        summary.add(row(group + ": protected in cookie mode vs unprotected, throughput", rps.get(cookieProt), rps.get(cookieOpen), againstNothing));
        summary.add(cpuRow(group + ": protected in cookie mode vs unprotected, server CPU per request", cpu.get(cookieProt), cpu.get(cookieOpen), againstNothing));
        summary.add("| " + group + ": Cookie header of a signed-in session in cookie mode (test provider's ID token) | "
                + cookies.cookie.length() + " B | | (info) | |");
        summary.add(row(group + ": public behind the filter (signed in) vs unprotected, throughput", rps.get(pub), rps.get(open), "(info)"));
        summary.add(cpuRow(group + ": public behind the filter (signed in) vs unprotected, server CPU per request", cpu.get(pub), cpu.get(open), "(info)"));
        for (Server s : servers) {
            if (s.nativeOf == null) continue;
            Target np = targets.stream().filter(t -> t.server == s && t.path.equals("/p/hello")).findFirst().orElseThrow();
            Target no = targets.stream().filter(t -> t.server == s && t.path.equals("/open/hello")).findFirst().orElseThrow();
            summary.add(row(group + ": oidckit protected vs " + s.name + " protected, throughput", rps.get(prot), rps.get(np), ">= 1.00"));
            summary.add(cpuRow(group + ": oidckit protected vs " + s.name + " protected, server CPU per request", cpu.get(prot), cpu.get(np), ">= 1.00"));
            summary.add(row(s.name + ": protected (signed in) vs unprotected, throughput", rps.get(np), rps.get(no), "(info)"));
        }
        if (loginSeconds > 0) {
            for (String cmd : List.of("login %d 2 false", "rawlogin %d 2 false", "login %d 2 true", "rawlogin %d 2 true")) {
                String c = String.format(Locale.ROOT, cmd, loginSeconds);
                logins.add(group + "\t" + c + "\t" + oidc.command(c, 120));
            }
            logins.add(group + "\tsessions\t" + oidc.command("sessions", 60));
        }
    }

    /** One summary row: the median of the per-round ratios a/b, with their range, and the medians of a and b. */
    static String row(String what, List<Double> a, List<Double> b, String target) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) ratios.add(a.get(i) / b.get(i));
        double med = median(ratios);
        String verdict = target.startsWith(">=") ? (med >= Double.parseDouble(target.substring(2).trim()) ? "met" : "MISSED") : "";
        return String.format(Locale.ROOT, "| %s | %.0f vs %.0f req/s | **%.3f** (rounds %.3f-%.3f) | %s | %s |", what,
                median(a), median(b), med, ratios.stream().mapToDouble(d -> d).min().orElse(0),
                ratios.stream().mapToDouble(d -> d).max().orElse(0), target, verdict);
    }

    /** Like {@link #row}, from inverted CPU costs (1/µs): the ratio is cost(b) ÷ cost(a). */
    static String cpuRow(String what, List<Double> a, List<Double> b, String target) {
        String r = row(what, a, b, target);
        return r.replaceFirst("\\| [0-9.]+ vs [0-9.]+ req/s \\|", String.format(Locale.ROOT, "| %.1f vs %.1f µs CPU/request |",
                1 / median(a), 1 / median(b)));
    }

    public static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** User + system CPU time of process {@code pid} so far, from /proc (Linux); 0 when unavailable. */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1_000_000L / 100; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A {@link BenchServer} child process. */
    static final class Server {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String name;
        String nativeOf;
        int port;
        String cookie;
        String token;
        boolean cookieMode;

        private Server(Process process) {
            this.process = process;
        }

        static Server start(String spec, Path out, boolean cookieMode) throws Exception {
            String cls = spec.substring(0, spec.indexOf('@'));
            String cp = spec.substring(spec.indexOf('@') + 1);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true"));
            String extra = System.getenv("BENCH_SERVER_JVM_ARGS"); // for example a JFR recording for a profile
            String simple = cls.replaceAll(".*\\.", "") + (cookieMode ? "-cookie" : "");
            if (extra != null && !extra.isBlank()) cmd.addAll(Arrays.asList(extra.trim().replace("{app}", simple).split("\\s+")));
            if (cookieMode) cmd.add("-D" + BenchServer.MODE_PROPERTY + "=cookie");
            cmd.addAll(List.of("-cp", cp, BenchServer.class.getName(), cls));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(out.resolve("server-" + simple + ".err.log").toFile());
            Server s = new Server(pb.start());
            s.cookieMode = cookieMode;
            Writer log = Files.newBufferedWriter(out.resolve("server-" + simple + ".out.log"));
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(s.process.getInputStream(), StandardCharsets.UTF_8));
                     Writer w = log) {
                    for (String line; (line = r.readLine()) != null; ) {
                        w.write(line + System.lineSeparator());
                        w.flush();
                        if (line.startsWith("READY ") || line.startsWith("RESULT ")) s.lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            String ready = s.lines.poll(180, TimeUnit.SECONDS);
            if (ready == null || !ready.startsWith("READY ")) {
                s.stop();
                throw new IllegalStateException(simple + " did not start within 180 s; see server-" + simple + ".err.log");
            }
            s.name = field(ready, "name");
            s.nativeOf = "-".equals(field(ready, "native")) ? null : field(ready, "native");
            s.port = Integer.parseInt(field(ready, "port"));
            s.cookie = ready.substring(ready.indexOf(" cookie=") + 8);
            s.token = field(ready.substring(0, ready.indexOf(" cookie=")), "token");
            System.out.println("started " + s.name + (s.nativeOf == null ? "" : " (native)") + " on port " + s.port);
            return s;
        }

        long cpuMicros() {
            return HttpBench.cpuMicros(process.pid());
        }

        static String field(String line, String name) {
            for (String p : line.split(" ")) if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
            return null;
        }

        String command(String c, int timeoutSeconds) throws Exception {
            process.getOutputStream().write((c + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            String r = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (r == null) throw new IllegalStateException(name + ": no answer to '" + c + "' within " + timeoutSeconds + " s");
            return r.substring("RESULT ".length());
        }

        void stop() {
            try {
                process.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
