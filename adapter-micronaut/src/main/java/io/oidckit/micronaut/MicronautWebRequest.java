package io.oidckit.micronaut;

import io.micronaut.http.HttpRequest;
import io.oidckit.web.WebRequest;

/** The Micronaut request seen through the core's port; no copying. */
record MicronautWebRequest(HttpRequest<?> request) implements WebRequest {
    @Override
    public String method() {
        return request.getMethodName();
    }

    @Override
    public String path() {
        // Raw and still percent-encoded: the core normalises it itself, the same way on every framework.
        return request.getPath();
    }

    @Override
    public String rawQuery() {
        return request.getUri().getRawQuery();
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }
}
