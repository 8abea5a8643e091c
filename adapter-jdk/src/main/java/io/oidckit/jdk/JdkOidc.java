package io.oidckit.jdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenID Connect sign-in for the JDK's {@code com.sun.net.httpserver.HttpServer}: {@link #protect} wraps the app's
 * handler, answers the auth routes, protects the configured ones and hands the app the user ({@link #user},
 * {@code getPrincipal()}). The server has no sessions, so the core keeps them in sealed cookies (cookie mode). Provider
 * calls (auth routes only) wait on the server's executor, bounded by the core's timeouts (README, "The executor").
 */
public final class JdkOidc {
    /** The exchange attribute holding the signed-in {@link OidcUser}, as the exchange the app gets answers it. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName();
    private static final System.Logger LOG = System.getLogger("io.oidckit.jdk");
    private static final String NONE = "the JDK HttpServer has no sessions: cookie mode keeps them in cookies";

    // The core never uses the adapter's session in cookie mode (the session is the request's cookies, its changes
    // Outcome.cookies()); throwing rather than holding nothing makes a core that did use it fail loudly.
    private static final WebSession NO_SESSION = new WebSession() {
        public String get(String key) { throw new IllegalStateException(NONE); }
        public void put(String key, String value) { throw new IllegalStateException(NONE); }
        public void remove(String key) { throw new IllegalStateException(NONE); }
        public void renewId() { throw new IllegalStateException(NONE); }
        public void invalidate() { throw new IllegalStateException(NONE); }
    };

    private final RelyingParty rp;

    private JdkOidc(RelyingParty rp) {
        this.rp = rp;
        rp.prefetch(); // never blocks, never fails: the first login need not wait for discovery
        rp.warmUp(); // the login path's classes load now, not in the first visitor's request; never fails
    }

    /** For {@code config} ({@link OidcConfig#fromEnvironment()}, say), which must be in cookie mode. */
    public static JdkOidc create(OidcConfig config) {
        return new JdkOidc(RelyingParty.create(cookieMode(config)));
    }

    /** For a relying party built elsewhere (with a test clock, say), whose configuration must be in cookie mode. */
    public static JdkOidc create(RelyingParty relyingParty) {
        cookieMode(relyingParty.config());
        return new JdkOidc(relyingParty);
    }

    /** Checked before anything is built, so a misconfigured app stops at start-up with one line. */
    private static OidcConfig cookieMode(OidcConfig config) {
        if (config.sessionMode() == OidcConfig.SessionMode.COOKIE) return config;
        ErrorCode code = ErrorCode.CONFIG_MALFORMED;
        throw new IllegalArgumentException(code.code() + " OIDC_SESSION_MODE must be cookie for the JDK HttpServer "
                + "adapter (it has no sessions): set OIDC_SESSION_MODE=cookie and OIDC_SESSION_SECRET (see " + code.docs() + ")");
    }

    /** The signed-in user of an exchange that {@link #protect} handed to the app, if any. */
    public static Optional<OidcUser> user(HttpExchange exchange) {
        return exchange.getAttribute(USER_ATTRIBUTE) instanceof OidcUser user ? Optional.of(user) : Optional.empty();
    }

    /**
     * {@code app} behind sign-in, for {@code server.createContext("/", oidc.protect(app))} (a context that covers the
     * base path): the core answers first; whatever it lets through reaches {@code app} with the user, if any.
     */
    public HttpHandler protect(HttpHandler app) {
        Objects.requireNonNull(app, "app");
        String issuer = rp.config().authority().toString();
        return exchange -> {
            Outcome.Continue through = answer(exchange);
            // Outside answer(): what the app throws is its own, for the server to handle as it always does.
            if (through != null) app.handle(new OidcExchange(exchange, through.user(), issuer));
        };
    }

    /** The core's outcome for the exchange, rendered: the {@link Outcome.Continue} to let through, or null once answered. */
    private Outcome.Continue answer(HttpExchange exchange) throws IOException {
        try {
            URI uri = exchange.getRequestURI();
            WebRequest request = WebRequest.of(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders()::getFirst, max -> WebRequest.readAtMost(exchange.getRequestBody(), max));
            // The stage never fails and is complete unless the provider is called, which the core's timeouts bound:
            // the wait holds one thread of the server's executor, not the server.
            return render(exchange, rp.handle(request, NO_SESSION).toCompletableFuture().join());
        } catch (RuntimeException bug) {
            // Ours, not the client's business: the trace goes to the log, the client gets the core's fixed page.
            LOG.log(System.Logger.Level.ERROR, ErrorCode.RESPONSE_MALFORMED.code()
                    + " unexpected failure in the JDK HttpServer adapter, answered with the 502 page", bug);
            if (exchange.getResponseCode() == -1) render(exchange, Outcome.errorPage(502, rp.config().basePath()));
            else exchange.close();
            return null;
        }
    }

    /**
     * The one place an outcome becomes the response. Its headers ({@code Location} among them) and its cookies, each
     * a {@code Set-Cookie} header of its own, go on the response; a {@link Outcome.Continue} is then returned for the
     * app to answer, and an answer is written whole (status, type, UTF-8 body) and closed.
     */
    private static Outcome.Continue render(HttpExchange exchange, Outcome outcome) throws IOException {
        Headers out = exchange.getResponseHeaders();
        outcome.headers().forEach(out::set);
        outcome.cookies().forEach(cookie -> out.add("Set-Cookie", cookie));
        if (outcome instanceof Outcome.Continue through) return through;
        Outcome.Answer answer = (Outcome.Answer) outcome;
        if (answer.contentType() != null) out.set("Content-Type", answer.contentType());
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        // The JDK's length -1 is "no body" (0 would be chunked); HEAD has none, and the server refuses to write one.
        boolean bare = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), bare ? -1 : body.length);
        try (exchange) {
            if (!bare) exchange.getResponseBody().write(body);
        }
        return null;
    }
}
