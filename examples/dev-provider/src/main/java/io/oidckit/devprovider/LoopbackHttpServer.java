package io.oidckit.devprovider;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import kotlin.jvm.functions.Function1;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpServer;
import no.nav.security.mock.oauth2.http.Ssl;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * mock-oauth2-server's HTTP server (OkHttp {@code MockWebServer}), bound to 127.0.0.1 only, with every request
 * rewritten before mock-oauth2-server sees it:
 *
 * <ul>
 *   <li>The {@code Host} header and request URL are replaced by {@code localhost:PORT}, and any
 *       {@code X-Forwarded-Proto/-Port/-Host} headers are dropped. mock-oauth2-server builds the issuer, the
 *       discovery endpoints and the {@code iss} claim from those, so without this a client that says
 *       {@code 127.0.0.1} (or a forged {@code Host}) would see a different issuer than the one the app was
 *       configured with, and ID-token validation would fail. With it the issuer is always
 *       {@code http://localhost:PORT/default}.</li>
 *   <li>On the login-form submission ({@code POST .../authorize}) the {@code claims} form field is removed.
 *       mock-oauth2-server would merge that free-form JSON into the tokens; the test users' claims are meant to
 *       be fixed, and an unknown user must not be able to give themself {@code groups: ["admin"]}.</li>
 * </ul>
 *
 * The address passed to {@code start} is ignored on purpose: this server never listens beyond loopback.
 */
final class LoopbackHttpServer implements OAuth2HttpServer {

    /** Literal 127.0.0.1 named "localhost", so that nothing depends on how this machine resolves names. */
    static final InetAddress LOOPBACK = loopback();

    private final MockWebServerWrapper delegate = new MockWebServerWrapper();

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen: a 4-byte address is always valid", e);
        }
    }

    @Override
    public OAuth2HttpServer start(Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
        return start(0, handler);
    }

    @Override
    public OAuth2HttpServer start(int port, Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
        return start(LOOPBACK, port, handler);
    }

    @Override
    public OAuth2HttpServer start(
            InetAddress ignored, int port, Function1<? super OAuth2HttpRequest, OAuth2HttpResponse> handler) {
        Function1<OAuth2HttpRequest, OAuth2HttpResponse> pinned = request -> handler.invoke(pin(request));
        delegate.start(LOOPBACK, port, pinned);
        return this;
    }

    private OAuth2HttpRequest pin(OAuth2HttpRequest request) {
        // Read the port per request: it is only known once the socket is bound, which happens inside start.
        int port = delegate.port();
        HttpUrl url = request.getOriginalUrl().newBuilder().scheme("http").host("localhost").port(port).build();
        Headers headers = request.getHeaders().newBuilder()
                .removeAll("X-Forwarded-Proto")
                .removeAll("X-Forwarded-Port")
                .removeAll("X-Forwarded-Host")
                .set("Host", "localhost:" + port)
                .build();
        String body = request.getBody();
        if ("POST".equalsIgnoreCase(request.getMethod()) && url.encodedPath().endsWith("/authorize")) {
            body = withoutClaimsField(body);
        }
        return new OAuth2HttpRequest(headers, request.getMethod(), url, body);
    }

    /** Drops every {@code claims=...} pair from an {@code application/x-www-form-urlencoded} body. */
    static String withoutClaimsField(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        return Arrays.stream(body.split("&"))
                .filter(pair -> !"claims".equals(
                        URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }

    @Override
    public OAuth2HttpServer stop() {
        delegate.stop();
        return this;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public int port() {
        return delegate.port();
    }

    @Override
    public HttpUrl url(String path) {
        return delegate.url(path).newBuilder().host("localhost").build();
    }

    @Override
    public Ssl sslConfig() {
        return null;
    }
}
