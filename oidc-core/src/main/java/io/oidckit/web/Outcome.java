package io.oidckit.web;

import io.oidckit.OidcUser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the core decided about a request. Each adapter renders it in exactly one place: for an {@link Answer}, the
 * status, every header in {@link #headers()} (security headers, {@code Cache-Control} and a redirect's
 * {@code Location} included), each of {@link #cookies()} as a {@code Set-Cookie} header, the content type and the
 * body; for {@link Continue}, the headers and the cookies, then the application.
 */
public sealed interface Outcome {

    /**
     * The core's fixed page for {@code status} (400, 401, 403, 404, 502 or 503; anything else answers the 502
     * text), with the same security headers as every page the core writes. For an adapter or an app that must
     * fail by itself (a 404, its server refusing a request) and should look and behave like the core when it does.
     */
    static Page errorPage(int status, String basePath) {
        return Pages.error(status, basePath);
    }

    /** Headers to set on the answer, in order. For {@link Continue}, to set before the application writes. */
    Map<String, String> headers();

    /** What this answer did to who is signed in; {@link SessionChange#NONE} for most. */
    SessionChange session();

    /**
     * The core's own cookies to set, each the value of one {@code Set-Cookie} header (they cannot share one):
     * the session in cookie mode, pending logins when there is a session secret. Empty for most answers.
     */
    List<String> cookies();

    /** The same answer, saying {@code change} about the session. */
    Outcome with(SessionChange change);

    /** The same answer, with {@code cookies} to set. */
    Outcome withCookies(List<String> cookies);

    /**
     * An answer the core writes itself: a redirect, a page or JSON, all three rendered the same way, so an adapter
     * writes one branch for them.
     */
    sealed interface Answer extends Outcome permits Redirect, Page, Json {
        int status();

        /** The {@code Content-Type} of {@link #body()}, or {@code null} when there is no body (a redirect). */
        String contentType();

        /** The final text (escaped HTML or JSON), to be written as UTF-8 bytes; empty for a redirect. */
        String body();
    }

    /** A 302 redirect to {@code location}, which {@link #headers()} carries as {@code Location}. */
    record Redirect(String location, Map<String, String> headers, SessionChange session, List<String> cookies)
            implements Answer {
        public Redirect {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Location", location);
            headers = Map.copyOf(all);
            cookies = List.copyOf(cookies);
        }

        public Redirect(String location, Map<String, String> headers, SessionChange session) {
            this(location, headers, session, List.of());
        }

        public Redirect(String location, Map<String, String> headers) {
            this(location, headers, SessionChange.NONE);
        }

        @Override
        public int status() {
            return 302;
        }

        @Override
        public String contentType() {
            return null;
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public Redirect with(SessionChange change) {
            return new Redirect(location, headers, change, cookies);
        }

        @Override
        public Redirect withCookies(List<String> cookies) {
            return new Redirect(location, headers, session, cookies);
        }
    }

    /** An HTML page; {@code html} is complete and already escaped. */
    record Page(int status, String html, Map<String, String> headers, SessionChange session, List<String> cookies)
            implements Answer {
        public Page {
            cookies = List.copyOf(cookies);
        }

        public Page(int status, String html, Map<String, String> headers, SessionChange session) {
            this(status, html, headers, session, List.of());
        }

        public Page(int status, String html, Map<String, String> headers) {
            this(status, html, headers, SessionChange.NONE);
        }

        @Override
        public String body() {
            return html;
        }

        @Override
        public String contentType() {
            return "text/html; charset=utf-8";
        }

        @Override
        public Page with(SessionChange change) {
            return new Page(status, html, headers, change, cookies);
        }

        @Override
        public Page withCookies(List<String> cookies) {
            return new Page(status, html, headers, session, cookies);
        }
    }

    /** A JSON answer. */
    record Json(int status, String body, Map<String, String> headers, SessionChange session, List<String> cookies)
            implements Answer {
        public Json {
            cookies = List.copyOf(cookies);
        }

        public Json(int status, String body, Map<String, String> headers, SessionChange session) {
            this(status, body, headers, session, List.of());
        }

        public Json(int status, String body, Map<String, String> headers) {
            this(status, body, headers, SessionChange.NONE);
        }

        @Override
        public String contentType() {
            return "application/json; charset=utf-8";
        }

        @Override
        public Json with(SessionChange change) {
            return new Json(status, body, headers, change, cookies);
        }

        @Override
        public Json withCookies(List<String> cookies) {
            return new Json(status, body, headers, session, cookies);
        }
    }

    /**
     * Let the request go on to the application. {@code user} is the signed-in user, or {@code null} for an
     * anonymous request to a public route; the adapter exposes it in its framework's idiom.
     */
    record Continue(OidcUser user, Map<String, String> headers, SessionChange session, List<String> cookies)
            implements Outcome {
        public Continue {
            cookies = List.copyOf(cookies);
        }

        public Continue(OidcUser user, Map<String, String> headers, SessionChange session) {
            this(user, headers, session, List.of());
        }

        public Continue(OidcUser user, Map<String, String> headers) {
            this(user, headers, SessionChange.NONE);
        }

        @Override
        public Continue with(SessionChange change) {
            return new Continue(user, headers, change, cookies);
        }

        @Override
        public Continue withCookies(List<String> cookies) {
            return new Continue(user, headers, session, cookies);
        }
    }
}
