package io.oidckit.bench.vertx;

import io.oidckit.bench.http.BenchApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/** What both Vert.x apps share: the hello handler, the server (as adapter-vertx's VertxTckApp), bounded waits. */
final class VertxServer {
    private VertxServer() {
    }

    static void hello(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(BenchApp.BODY);
    }

    /** The same handler at the three hello routes, added after whatever the app mounted in front of them. */
    static void helloRoutes(Router router) {
        router.get("/open/hello").handler(VertxServer::hello);
        router.get("/p/hello").handler(VertxServer::hello);
        router.get("/pub/hello").handler(VertxServer::hello);
    }

    static BenchApp.Running listen(Vertx vertx, Router router, int port) throws Exception {
        // As VertxTckApp (the adapter README's server options): room for a long callback request line.
        HttpServerOptions options = new HttpServerOptions().setMaxInitialLineLength(16 * 1024);
        HttpServer server = await(vertx.createHttpServer(options).requestHandler(router).listen(port, "127.0.0.1"));
        return () -> {
            try {
                await(server.close());
            } finally {
                await(vertx.close());
            }
        };
    }

    /** Waits for a Vert.x future from a non-event-loop thread, bounded. */
    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
