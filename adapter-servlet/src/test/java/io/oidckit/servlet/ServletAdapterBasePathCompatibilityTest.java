package io.oidckit.servlet;

import org.junit.jupiter.api.DisplayName;

/** The whole kit again, with every route below {@code URL_BASE_PATHNAME=/app/} in the root servlet context. */
@DisplayName("Servlet adapter on Tomcat 11, under the base path /app/")
class ServletAdapterBasePathCompatibilityTest extends ServletAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }
}
