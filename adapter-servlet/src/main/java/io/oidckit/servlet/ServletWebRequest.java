package io.oidckit.servlet;

import io.oidckit.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;

/** The servlet request seen through the core's port; no copying. */
record ServletWebRequest(HttpServletRequest request) implements WebRequest {
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
