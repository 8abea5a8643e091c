package io.oidckit.tck;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scripted browser over real HTTP: a cookie jar for the app, no automatic redirects (the kit checks each one),
 * and the provider's authorization step done by following its redirect.
 */
public final class TckBrowser {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI app;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** Each cookie's {@code Path}: as a browser does, a cookie goes only to requests on its path (RFC 6265 §5.1.4). */
    private final Map<String, String> paths = new LinkedHashMap<>();

    public TckBrowser(URI app) {
        this.app = app;
    }

    /** One answer, headers by lower-case name. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public List<String> setCookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }

        public String location() {
            return header("location");
        }
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** Another browser holding this one's cookies now: a second tab, or a copied cookie. */
    public TckBrowser copy() {
        TckBrowser b = new TckBrowser(app);
        b.cookies.putAll(cookies);
        b.paths.putAll(paths);
        return b;
    }

    public Response get(String pathAndQuery, String... headers) {
        return send("GET", app.resolve(pathAndQuery), headers);
    }

    public Response post(String pathAndQuery, String... headers) {
        return send("POST", app.resolve(pathAndQuery), headers);
    }

    /** POSTs a form body ({@code application/x-www-form-urlencoded}), for example to a provider's login page. */
    public Response postForm(URI uri, String formBody) {
        return exchange("POST", uri, formBody);
    }

    /** POSTs {@code body} as {@code contentType} ({@code null}: no Content-Type) to the app, as a server would. */
    public Response postBody(String pathAndQuery, String contentType, String body) {
        return typed("POST", app.resolve(pathAndQuery), body, contentType);
    }

    public Response send(String method, URI uri, String... headers) {
        return exchange(method, uri, "", headers);
    }

    private Response exchange(String method, URI uri, String body, String... headers) {
        return typed(method, uri, body, "application/x-www-form-urlencoded", headers);
    }

    private Response typed(String method, URI uri, String body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        boolean toApp = uri.getPort() == app.getPort() && uri.getHost().equals(app.getHost());
        String cookie = toApp ? cookieHeader(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath()) : null;
        if (cookie != null) b.header("Cookie", cookie);
        if (method.equals("POST") && contentType != null) b.header("Content-Type", contentType);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
            Response response = new Response(r.statusCode(), h, r.body());
            if (toApp) remember(uri, response);
            return response;
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The {@code Cookie} header this browser sends to {@code path} of the app, or {@code null} when none. */
    public String cookieHeader(String path) {
        List<String> pairs = new ArrayList<>();
        cookies.forEach((k, v) -> {
            if (pathMatches(path, paths.getOrDefault(k, "/"))) pairs.add(k + "=" + v);
        });
        return pairs.isEmpty() ? null : String.join("; ", pairs);
    }

    static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || (requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
    }

    private void remember(URI uri, Response r) {
        for (String sc : r.setCookies()) {
            String first = sc.split(";", 2)[0];
            int eq = first.indexOf('=');
            if (eq <= 0) continue;
            String name = first.substring(0, eq).trim(), value = first.substring(eq + 1).trim();
            String lower = sc.toLowerCase(Locale.ROOT);
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
                paths.put(name, cookiePath(uri, sc));
            }
        }
    }

    /** The {@code Path} attribute, or the default path of the request (RFC 6265 §5.1.4). */
    private static String cookiePath(URI uri, String setCookie) {
        for (String a : setCookie.split(";")) {
            String t = a.trim();
            if (t.regionMatches(true, 0, "Path=", 0, 5) && t.startsWith("/", 5)) return t.substring(5);
        }
        String p = uri.getRawPath();
        int slash = p == null ? -1 : p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    /** {@code GET B auth/login[?query]}, checked to be a redirect; returns the provider URL. */
    public URI startLogin(String loginPath, String query) {
        Response r = get(loginPath + (query == null ? "" : "?" + query));
        if (r.status() != 302) throw new AssertionError("login answered " + r.status() + " instead of 302: " + r.body());
        return URI.create(r.location());
    }

    /** The provider's (non-interactive) authorization step; returns the callback path and query it redirects to. */
    public String authorize(URI providerUrl) {
        Response r = send("GET", providerUrl);
        if (r.status() != 302) throw new AssertionError("the provider answered " + r.status() + ": " + r.body());
        URI back = URI.create(r.location());
        return back.getRawPath() + "?" + back.getRawQuery();
    }

    /** A whole login as whoever the provider logs in; returns the callback's answer. */
    public Response login(String loginPath) {
        return get(authorize(startLogin(loginPath, null)));
    }

    /**
     * A whole login through a provider that shows a login form (the development provider, a real provider):
     * GET its authorization URL, check a form came back, POST {@code formBody} to the same URL, and follow the
     * redirect to the app's callback. Returns the callback's answer.
     */
    public Response loginThroughForm(String loginPath, String formBody) {
        URI providerUrl = startLogin(loginPath, null);
        Response form = send("GET", providerUrl);
        if (form.status() != 200 || !form.body().contains("<form")) {
            throw new AssertionError("the provider showed no login form: " + form.status());
        }
        Response back = postForm(providerUrl, formBody);
        if (back.status() != 302) throw new AssertionError("the provider answered the form with " + back.status());
        URI callback = URI.create(back.location());
        return get(callback.getRawPath() + "?" + callback.getRawQuery());
    }
}
