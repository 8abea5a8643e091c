package io.oidckit.spring;

import io.oidckit.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The request as the core sees it. The raw URI, not Spring's decoded lookup path: the core normalises and matches
 * paths itself, so a rule cannot be dodged by a spelling that Spring MVC and the core would read differently.
 */
record SpringWebRequest(HttpServletRequest request) implements WebRequest {
    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getRequestURI();
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }
}
