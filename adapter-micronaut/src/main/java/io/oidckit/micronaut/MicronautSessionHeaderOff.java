package io.oidckit.micronaut;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.session.Session;
import io.micronaut.session.SessionSettings;
import io.micronaut.session.http.HeadersHttpSessionIdStrategy;
import io.micronaut.session.http.HttpSessionIdStrategy;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Takes the place of micronaut-session's header strategy unless {@code micronaut.session.http.header} is set to
 * {@code true}. That strategy, on by default, echoes the session id in an {@code Authorization-Info} header of every
 * answer, where any script of the page can read it from a {@code fetch} response, which defeats the cookie's
 * {@code HttpOnly}; and it accepts a session id from an {@code X-Auth-Token} request header. A browser login keeps its
 * session id in the cookie only.
 */
@Singleton
@Replaces(HeadersHttpSessionIdStrategy.class)
@Requires(property = SessionSettings.HTTP_HEADER_STRATEGY, notEquals = "true")
final class MicronautSessionHeaderOff implements HttpSessionIdStrategy {
    @Override
    public List<String> resolveIds(HttpRequest<?> request) {
        return List.of();
    }

    @Override
    public void encodeId(HttpRequest<?> request, MutableHttpResponse<?> response, Session session) {
        // The id goes out in the cookie only.
    }
}
