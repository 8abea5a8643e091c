package io.oidckit.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.oidckit.OidcUser;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckPages;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The kit's minimal app on the JDK's HttpServer: one context at {@code /}, the app's handler behind
 * {@link JdkOidc#protect}, serving the kit's four routes below the base path {@code B}.
 */
final class JdkTckApp {
    private JdkTckApp() {
    }

    static TckApp start(JdkOidc oidc, String basePath, int port) throws IOException {
        return start(oidc, port, pages(basePath));
    }

    /** With {@code app} as the application behind the adapter. */
    static TckApp start(JdkOidc oidc, int port, HttpHandler app) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // The README's executor: without one, every exchange runs on the server's single dispatcher thread, where a
        // login waiting for a stalled provider would hold up every other request (the kit's providerStalled case).
        ExecutorService executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", oidc.protect(app));
        server.start();
        return () -> {
            server.stop(0);
            executor.shutdownNow();
        };
    }

    /** The four routes below {@code b}; their content types name no charset, so the adapter's UTF-8 is checked too. */
    static HttpHandler pages(String b) {
        return exchange -> {
            OidcUser user = JdkOidc.user(exchange).orElse(null);
            String path = exchange.getRequestURI().getRawPath();
            String relative = path.startsWith(b) ? path.substring(b.length()) : "\0outside";
            switch (relative) {
                case "" -> send(exchange, 200, "text/html", TckPages.home(user, b));
                case "profile" -> send(exchange, 200, "text/html", TckPages.profile(user));
                case "admin", "admin/" -> send(exchange, 200, "text/html", TckPages.admin(user));
                case "api/me" -> send(exchange, 200, "application/json", TckPages.apiMe(user));
                case "api/token" -> send(exchange, 200, "application/json", TckPages.apiToken(user));
                default -> send(exchange, 404, "text/plain", "not found");
            }
        };
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
