package io.oidckit.vertx;

import io.oidckit.web.WebRequest;
import io.vertx.core.http.HttpServerRequest;

/** The Vert.x request seen through the core's port: the raw path and query, never Vert.x's normalised path. */
record VertxWebRequest(HttpServerRequest request) implements WebRequest {
    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return request.path();
    }

    @Override
    public String rawQuery() {
        return request.query();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }
}
