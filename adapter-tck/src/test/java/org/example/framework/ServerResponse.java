package org.example.framework;

/** Like Spring's {@code ServerHttpResponse} or Vert.x's {@code HttpServerResponse}: the framework's own response. */
public interface ServerResponse {
    ServerResponse setStatusCode(int code);

    ServerResponse header(String name, String value);

    void end(String body);
}
