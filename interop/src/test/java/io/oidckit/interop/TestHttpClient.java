package io.oidckit.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small scripted "browser" for the HTTP-level flow: it never follows redirects on its own (every hop is
 * checked by the test) and keeps cookies per origin.
 *
 * <p>Cookies are kept per scheme+host+port, which is stricter than a browser (browsers ignore the port). That is on
 * purpose: Keycloak and the app both live on {@code localhost}, and the test must show that each side works with
 * its own cookies only. The JDK's {@code CookieManager} is not used because it drops cookies marked
 * {@code Secure} on plain-http loopback, which Keycloak may set and browsers accept on localhost.
 */
final class TestHttpClient {
    record Response(int status, URI uri, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        List<String> headers(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The {@code Location} header resolved against the request URI. */
        URI location() {
            String loc = header("Location").orElseThrow(() -> new AssertionError(
                    "expected a redirect with a Location header from " + uri + ", got status " + status));
            return uri.resolve(loc);
        }

        @Override
        public String toString() {
            String shown = body.length() > 600 ? body.substring(0, 600) + "..." : body;
            return status + " from " + uri + " (Location: " + header("Location").orElse("-") + ") body: " + shown;
        }
    }

    private record Cookie(String name, String value, String path) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** origin -> (name + path) -> cookie */
    private final Map<String, Map<String, Cookie>> jar = new LinkedHashMap<>();

    Response get(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        return send(b, uri, headers);
    }

    Response postForm(URI uri, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(b, uri, headers);
    }

    /** {@code method} with a JSON body ({@code null}: none), for Keycloak's admin API. */
    Response sendJson(String method, URI uri, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        return send(b, uri, headers);
    }

    /** The current value of a cookie for an origin, if any; used to show that login issues a fresh session. */
    Map<String, String> cookies(URI anyUriOfOrigin) {
        return jar.getOrDefault(origin(anyUriOfOrigin), Map.of()).values().stream()
                .collect(Collectors.toMap(Cookie::name, Cookie::value, (a, b) -> b, LinkedHashMap::new));
    }

    private Response send(HttpRequest.Builder b, URI uri, String... headers) {
        b.timeout(REQUEST_TIMEOUT).header("User-Agent", "oidckit-interop/1.0");
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        String cookieHeader = jar.getOrDefault(origin(uri), Map.of()).values().stream()
                .filter(c -> pathMatches(uri.getRawPath(), c.path()))
                .map(c -> c.name() + "=" + c.value())
                .collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) b.header("Cookie", cookieHeader);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            r.headers().allValues("set-cookie").forEach(sc -> store(uri, sc));
            return new Response(r.statusCode(), uri, r.headers().map(), r.body() == null ? "" : r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + uri, e);
        }
    }

    private void store(URI uri, String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) return;
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = "/";
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            String lower = attr.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attr.substring(5);
            } else if (lower.startsWith("max-age=")) {
                try {
                    expired |= Long.parseLong(attr.substring(8).trim()) <= 0;
                } catch (NumberFormatException ignored) {
                    // an unreadable Max-Age is ignored, as browsers do
                }
            } else if (lower.startsWith("expires=")) {
                try {
                    expired |= ZonedDateTime.parse(attr.substring(8).trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                            .isBefore(ZonedDateTime.now());
                } catch (RuntimeException ignored) {
                    // the many historic date formats are not worth parsing here
                }
            }
        }
        Map<String, Cookie> forOrigin = jar.computeIfAbsent(origin(uri), k -> new LinkedHashMap<>());
        if (expired || value.isEmpty()) {
            forOrigin.remove(name + "\u0000" + path);
        } else {
            forOrigin.put(name + "\u0000" + path, new Cookie(name, value, path));
        }
    }

    private static boolean pathMatches(String requestPath, String cookiePath) {
        String p = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        if (p.equals(cookiePath) || cookiePath.equals("/")) return true;
        String prefix = cookiePath.endsWith("/") ? cookiePath : cookiePath + "/";
        return p.startsWith(prefix);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
