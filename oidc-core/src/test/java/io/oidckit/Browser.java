package io.oidckit;

import io.oidckit.web.RelyingParty;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A browser for core tests: it keeps one server-side session (as a framework would) and the core's own cookies (as
 * a browser would: by path, until their Max-Age), sends requests through the relying party's web port, and talks
 * real HTTP to the provider when the relying party redirects it there.
 */
final class Browser {
    RelyingParty rp;
    final Session session = new Session();
    /** The cookies the core set, by name: value and path. */
    final Map<String, String[]> cookies = new java.util.LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Browser(RelyingParty rp) {
        this.rp = rp;
    }

    Outcome get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    /** A request as an adapter would hand it over. */
    WebRequest request(String method, String pathAndQuery, String... headers) {
        int q = pathAndQuery.indexOf('?');
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) h.put(headers[i].toLowerCase(), headers[i + 1]);
        return new WebRequest() {
            public String method() { return method; }
            public String path() { return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q); }
            public String rawQuery() { return q < 0 ? null : pathAndQuery.substring(q + 1); }
            public String header(String name) { return h.get(name.toLowerCase()); }
        };
    }

    Outcome send(String method, String pathAndQuery, String... headers) {
        String cookieHeader = cookieHeader(pathAndQuery);
        if (cookieHeader != null) {
            String[] more = java.util.Arrays.copyOf(headers, headers.length + 2);
            more[headers.length] = "Cookie";
            more[headers.length + 1] = cookieHeader;
            headers = more;
        }
        WebRequest request = request(method, pathAndQuery, headers);
        Outcome o;
        try {
            o = rp.handle(request, session).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the relying party's stage failed or hung, which it must never do", e);
        }
        for (String c : o.cookies()) keep(c);
        return o;
    }

    /** RFC 6265 §5.4: the cookies whose path matches, unless the test sent a Cookie header itself. */
    private String cookieHeader(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        StringBuilder b = new StringBuilder();
        cookies.forEach((name, v) -> {
            String p = v[1];
            if (path.equals(p) || (path.startsWith(p) && (p.endsWith("/") || path.charAt(p.length()) == '/'))) {
                if (b.length() > 0) b.append("; ");
                b.append(name).append('=').append(v[0]);
            }
        });
        return b.length() == 0 ? null : b.toString();
    }

    private void keep(String setCookie) {
        String[] parts = setCookie.split("; ");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq), value = parts[0].substring(eq + 1), path = "/";
        long maxAge = -1;
        for (String a : parts) {
            if (a.startsWith("Path=")) path = a.substring(5);
            if (a.startsWith("Max-Age=")) maxAge = Long.parseLong(a.substring(8));
        }
        if (maxAge == 0) cookies.remove(name);
        else cookies.put(name, new String[] {value, path});
    }

    /** Starts a login and returns the provider's authorization URL. */
    URI startLogin(String query) {
        Outcome o = get(rp.loginPath() + (query == null ? "" : "?" + query));
        if (!(o instanceof Outcome.Redirect r)) throw new AssertionError("login did not redirect: " + o);
        return URI.create(r.location());
    }

    /** Follows the authorization URL at the provider and returns the callback path+query it redirects back to. */
    String authorize(URI authorizationUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) throw new AssertionError("provider answered " + r.statusCode() + ": " + r.body());
            URI back = URI.create(r.headers().firstValue("location").orElseThrow());
            return back.getRawPath() + "?" + back.getRawQuery();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A whole login: start, provider, callback; returns the callback's outcome. */
    Outcome login() {
        return get(authorize(startLogin(null)));
    }

    /** The framework's session: string attributes, an id, created only on write. */
    static final class Session implements WebSession {
        final Map<String, String> attributes = new HashMap<>();
        int id;
        boolean exists;
        int invalidations;

        public String get(String key) { return exists ? attributes.get(key) : null; }
        public void put(String key, String value) {
            if (!exists) { exists = true; id++; }
            attributes.put(key, value);
        }
        public void remove(String key) { attributes.remove(key); }
        public void renewId() {
            if (!exists) exists = true;
            id++;
        }
        public void expireAfter(Duration idle) {
            if (exists) lifetime = idle;
        }
        /** What {@link #expireAfter} said last; {@code null} for the framework's default. */
        Duration lifetime;
        public void invalidate() {
            lifetime = null;
            attributes.clear();
            exists = false;
            invalidations++;
        }
    }
}
