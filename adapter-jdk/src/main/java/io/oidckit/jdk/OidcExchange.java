package io.oidckit.jdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.oidckit.OidcUser;
import io.oidckit.web.ContentTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The server's exchange as the app gets it behind {@link JdkOidc#protect}, answering for the user itself. The JDK lets
 * only an {@code Authenticator} set the principal, and one must authenticate every request of its context, public
 * pages too. Its exchange attributes are the {@code HttpContext}'s, shared by all requests at once (JDK-7105350): a
 * user stored there would be the next request's. So both are answered here; everything else is the server's.
 */
final class OidcExchange extends HttpExchange {
    private final HttpExchange exchange;
    private final OidcUser user;
    private final HttpPrincipal principal;

    /** {@code user} may be null (anonymous); its principal is the JDK's: the {@code sub} in the issuer's realm. */
    OidcExchange(HttpExchange exchange, OidcUser user, String issuer) {
        this.exchange = exchange;
        this.user = user;
        this.principal = user == null ? null : new HttpPrincipal(user.subject(), issuer);
    }

    /** The signed-in user's, else what an authenticator of the app's own found (usually none). */
    @Override
    public HttpPrincipal getPrincipal() {
        return principal != null ? principal : exchange.getPrincipal();
    }

    @Override
    public Object getAttribute(String name) {
        return JdkOidc.USER_ATTRIBUTE.equals(name) ? user : exchange.getAttribute(name);
    }

    /** The contract's UTF-8, said: the app's text or JSON type without a charset gets one, which its bytes must be. */
    @Override
    public void sendResponseHeaders(int status, long length) throws IOException {
        String type = exchange.getResponseHeaders().getFirst("Content-Type");
        if (type != null) exchange.getResponseHeaders().set("Content-Type", ContentTypes.sayUtf8(type));
        exchange.sendResponseHeaders(status, length);
    }

    @Override public Headers getRequestHeaders() { return exchange.getRequestHeaders(); }
    @Override public Headers getResponseHeaders() { return exchange.getResponseHeaders(); }
    @Override public URI getRequestURI() { return exchange.getRequestURI(); }
    @Override public String getRequestMethod() { return exchange.getRequestMethod(); }
    @Override public HttpContext getHttpContext() { return exchange.getHttpContext(); }
    @Override public void close() { exchange.close(); }
    @Override public InputStream getRequestBody() { return exchange.getRequestBody(); }
    @Override public OutputStream getResponseBody() { return exchange.getResponseBody(); }
    @Override public InetSocketAddress getRemoteAddress() { return exchange.getRemoteAddress(); }
    @Override public int getResponseCode() { return exchange.getResponseCode(); }
    @Override public InetSocketAddress getLocalAddress() { return exchange.getLocalAddress(); }
    @Override public String getProtocol() { return exchange.getProtocol(); }
    @Override public void setAttribute(String name, Object value) { exchange.setAttribute(name, value); }
    @Override public void setStreams(InputStream in, OutputStream out) { exchange.setStreams(in, out); }
}
