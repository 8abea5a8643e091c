package io.oidckit.spring;

import io.oidckit.servlet.ServletViews;
import io.oidckit.web.Outcome;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one place where the core's answers become HTTP responses, for the filter and the interceptor alike, through
 * Spring's {@link ServletServerHttpResponse}. Status, headers and body are the core's; nothing is chosen here.
 */
final class SpringOidcResponses {
    private SpringOidcResponses() {
    }

    /** Sets the headers a {@link Outcome.Continue} carries ({@code Cache-Control: no-store} for a signed-in user). */
    static void applyHeaders(Outcome.Continue outcome, HttpServletResponse response) {
        outcome.headers().forEach(response::setHeader);
        ServletViews.sayUtf8(response); // Spring writes application/json without a charset
    }

    /** Writes a final answer (redirect, page or JSON). */
    static void render(Outcome outcome, HttpServletResponse response) throws IOException {
        if (outcome instanceof Outcome.Continue) {
            throw new IllegalArgumentException("a Continue outcome is not an answer");
        }
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        HttpHeaders headers = out.getHeaders();
        outcome.headers().forEach(headers::set);
        byte[] body = null;
        if (outcome instanceof Outcome.Redirect r) {
            out.setStatusCode(HttpStatusCode.valueOf(r.status()));
            // Set verbatim: the core's location is already encoded, and may be relative to this host.
            headers.set(HttpHeaders.LOCATION, r.location());
        } else if (outcome instanceof Outcome.Page p) {
            out.setStatusCode(HttpStatusCode.valueOf(p.status()));
            headers.setContentType(MediaType.parseMediaType(p.contentType()));
            body = p.html().getBytes(StandardCharsets.UTF_8);
        } else if (outcome instanceof Outcome.Json j) {
            out.setStatusCode(HttpStatusCode.valueOf(j.status()));
            headers.setContentType(MediaType.parseMediaType(j.contentType()));
            body = j.body().getBytes(StandardCharsets.UTF_8);
        }
        if (body != null) {
            headers.setContentLength(body.length);
            out.getBody().write(body);
        }
        out.flush();
    }
}
