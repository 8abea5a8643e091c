package io.oidckit.examples.spring;

import io.oidckit.examples.DemoPages;
import io.oidckit.web.Outcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Any path the demo does not serve gets the core's 404 page with its headers, as in the other examples, instead
 * of Boot's JSON or whitelabel answer (which also echoes the path). Spring MVC signals such a path with
 * {@link NoResourceFoundException} (no static resource either) or {@link NoHandlerFoundException}.
 */
@ControllerAdvice
class NotFoundAdvice {
    private final String base;

    NotFoundAdvice(@Value("${demo.base-path:/}") String base) {
        this.base = base;
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<String> notFound() {
        Outcome.Page page = DemoPages.notFound(base);
        HttpHeaders headers = new HttpHeaders();
        page.headers().forEach(headers::set);
        headers.setContentType(MediaType.parseMediaType(page.contentType()));
        return new ResponseEntity<>(page.html(), headers, HttpStatus.valueOf(page.status()));
    }
}
