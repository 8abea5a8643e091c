package io.oidckit.bench.http;

import io.oidckit.web.RelyingParty;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Item 4, adapter-neutral: what the core puts into the framework's session for one signed-in user (every adapter
 * stores exactly these string entries). Drives {@link RelyingParty#handle} directly with a map-backed session:
 * login route, the provider's authorization step, callback; then measures the entries (UTF-8 bytes of names and
 * values, and Java serialization of the same map, what a serializing store writes).
 *
 * <p>Usage: {@code SessionFootprint OUT_DIR}; writes {@code session.txt} and {@code summary-session.md}.
 */
public final class SessionFootprint {
    private SessionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try (TestProvider provider = TestProvider.start()) {
            for (boolean userInfo : new boolean[]{false, true}) {
                RelyingParty rp = RelyingParty.create(BenchServer.config(provider, 8089, userInfo));
                MapSession session = new MapSession();
                Map<String, String> pending = login(rp, session);
                int pendingBytes = utf8(pending);
                int bytes = utf8(session.values);
                int serialized = serialized(session.values);
                lines.add("userinfo=" + userInfo + " pending_login_entries=" + pendingBytes + "B signed_in_entries=" + bytes
                        + "B java_serialized=" + serialized + "B");
                session.values.forEach((k, v) -> lines.add("  " + k + ": " + (k.length() + v.getBytes(StandardCharsets.UTF_8).length) + " B"
                        + (k.endsWith("id_token") ? " (the ID token, kept for logout's id_token_hint)" : " = " + v)));
                summary.add(String.format(Locale.ROOT, "| session entries per signed-in user (core, any adapter; UserInfo %s) | %d B "
                        + "(Java-serialized %d B) | **%.2f** of 2048 B | <= 1.00 | %s |", userInfo ? "on" : "off", bytes, serialized,
                        bytes / 2048.0, bytes <= 2048 ? "met" : "MISSED"));
            }
        }
        Files.write(out.resolve("session.txt"), lines);
        Files.write(out.resolve("summary-session.md"), summary);
        lines.forEach(System.out::println);
    }

    /** A full login through the core; returns the session entries as they were between login route and callback. */
    static Map<String, String> login(RelyingParty rp, MapSession session) throws Exception {
        Outcome start = rp.handle(new Req("/auth/login", null), session).toCompletableFuture().join();
        Map<String, String> pending = new LinkedHashMap<>(session.values);
        URI authorize = URI.create(((Outcome.Redirect) start).location());
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
        Outcome done = rp.handle(new Req(back.getRawPath(), back.getRawQuery()), session).toCompletableFuture().join();
        if (!(done instanceof Outcome.Redirect d) || d.status() != 302 || !rp.currentUser(session).isPresent()) {
            throw new IllegalStateException("the callback did not sign in: " + done);
        }
        return pending;
    }

    static int utf8(Map<String, String> m) {
        int n = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    static int serialized(Map<String, String> m) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(b)) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                o.writeObject(e.getKey());
                o.writeObject(e.getValue());
            }
        }
        return b.size();
    }

    record Req(String path, String rawQuery) implements WebRequest {
        public String method() {
            return "GET";
        }

        public String header(String name) {
            return null;
        }
    }

    static final class MapSession implements WebSession {
        final Map<String, String> values = new LinkedHashMap<>();

        public String get(String key) {
            return values.get(key);
        }

        public void put(String key, String value) {
            values.put(key, value);
        }

        public void remove(String key) {
            values.remove(key);
        }

        public void renewId() {
        }

        public void invalidate() {
            values.clear();
        }
    }
}
