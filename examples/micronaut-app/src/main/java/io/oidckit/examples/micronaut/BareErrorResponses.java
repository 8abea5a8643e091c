package io.oidckit.examples.micronaut;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Micronaut's own error answers (a request line or header over Netty's limits, a body over
 * {@code micronaut.server.max-request-size}, a 405, a malformed request) become the bare status: no body. Micronaut's
 * default writes a JSON body with {@code _links} and {@code _embedded} (or, for browsers, an HTML page), a
 * framework's signature with its own wording; the other examples answer such requests with the status alone too.
 * An unknown path is not one of these: {@link DemoController#notFound()} answers it with the core's 404 page.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class BareErrorResponses implements ErrorResponseProcessor<Object> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
        MutableHttpResponse<Object> response = (MutableHttpResponse<Object>) baseResponse;
        return response.body(null).contentType(MediaType.TEXT_PLAIN_TYPE);
    }
}
