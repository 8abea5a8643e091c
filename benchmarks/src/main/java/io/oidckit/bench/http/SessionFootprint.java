package io.oidckit.bench.http;

import io.oidckit.OidcConfig;
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
            cookieSizes(provider, lines, summary);
        }
        Files.write(out.resolve("session.txt"), lines);
        Files.write(out.resolve("summary-session.md"), summary);
        lines.forEach(System.out::println);
    }

    /**
     * Cookie mode: the bytes of every {@code Set-Cookie} the callback answers, for the test provider's small ID
     * token, a Keycloak-sized one (about 1.3 KB: Keycloak 26's claims for a user with a few groups), and a user whose
     * ID token is too large to keep (then the session holds the user alone: "without tokens").
     */
    static void cookieSizes(TestProvider provider, List<String> lines, List<String> summary) throws Exception {
        Map<String, Object> keycloakLike = new LinkedHashMap<>();
        keycloakLike.put("auth_time", 1764672000L);
        keycloakLike.put("jti", "onrtac:3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b");
        keycloakLike.put("typ", "ID");
        keycloakLike.put("azp", TestProvider.CLIENT_ID);
        keycloakLike.put("sid", "8c3b5e1a-2f4d-4c6b-9a8e-7d6f5e4c3b2a");
        keycloakLike.put("at_hash", "q1w2e3r4t5y6u7i8o9p0aA");
        keycloakLike.put("acr", "1");
        keycloakLike.put("email_verified", true);
        keycloakLike.put("name", "Alice Admin");
        keycloakLike.put("preferred_username", "alice");
        keycloakLike.put("given_name", "Alice");
        keycloakLike.put("family_name", "Admin");
        keycloakLike.put("email", "alice@example.com");
        keycloakLike.put("groups", List.of("admin", "staff", "reporting"));
        keycloakLike.put("realm_access", Map.of("roles", List.of("offline_access", "uma_authorization", "default-roles-oidckit")));
        provider.user("keycloak-sized", keycloakLike);
        provider.user("too-large-to-keep", Map.of("name", "Carol", "filler", "x".repeat(5000)));
        for (String sub : List.of("alice", "keycloak-sized", "too-large-to-keep")) {
            provider.loginAs(sub);
            OidcConfig config = BenchServer.config(provider, 8089, false).toBuilder()
                    .sessionMode(OidcConfig.SessionMode.COOKIE).sessionSecret("bench-session-secret-of-at-least-32-characters").build();
            RelyingParty rp = RelyingParty.create(config);
            Outcome start = rp.handle(new Req("/auth/login", null), new MapSession()).toCompletableFuture().join();
            String pending = start.cookies().get(0);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(((Outcome.Redirect) start).location())).build(),
                    HttpResponse.BodyHandlers.ofString());
            URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
            String cookieHeader = pending.substring(0, pending.indexOf(';'));
            Outcome done = rp.handle(new Req(back.getRawPath(), back.getRawQuery(), cookieHeader), new MapSession()).toCompletableFuture().join();
            int session = 0, largest = 0, count = 0, idToken = 0;
            for (String c : done.cookies()) {
                if (c.startsWith("oidckit.id_token=") && !c.contains("Max-Age=0")) {
                    idToken = c.length();
                    largest = Math.max(largest, c.length());
                }
                if (!c.startsWith("oidckit.session.")) continue;
                session += c.length();
                largest = Math.max(largest, c.length());
                count++;
            }
            if (count == 0) throw new IllegalStateException("no session cookie for " + sub + ": " + done);
            String what = switch (sub) {
                case "alice" -> "test provider's ID token kept";
                case "keycloak-sized" -> "Keycloak-sized ID token kept";
                default -> "ID token too large, dropped: the user alone";
            };
            lines.add("cookie mode, " + what + ": " + count + " session Set-Cookie, " + session + " B in all, ID token's "
                    + idToken + " B, largest " + largest + " B; the pending login's Set-Cookie " + pending.length() + " B");
            summary.add(String.format(Locale.ROOT, "| Set-Cookie bytes per signed-in session in cookie mode (%s) | session %d B in %d "
                    + "cookie(s), sent on every request; ID token %d B, sent to logout only | **%.2f** of 4096 B per cookie | <= 1.00 | %s |",
                    what, session, count, idToken, largest / 4096.0, largest <= 4096 ? "met" : "MISSED"));
        }
        provider.loginAs("alice");
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

    record Req(String path, String rawQuery, String cookie) implements WebRequest {
        Req(String path, String rawQuery) {
            this(path, rawQuery, null);
        }

        public String method() {
            return "GET";
        }

        public String header(String name) {
            return name.equalsIgnoreCase("Cookie") ? cookie : null;
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
