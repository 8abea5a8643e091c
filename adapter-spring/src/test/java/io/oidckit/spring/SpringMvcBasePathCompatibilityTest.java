package io.oidckit.spring;

import org.junit.jupiter.api.DisplayName;

/** The whole kit again in the plain Spring MVC application, with the base path {@code /app/} in the OidcConfig bean. */
@DisplayName("Spring adapter in a plain Spring MVC application (no Boot) on Tomcat 11, under the base path /app/")
class SpringMvcBasePathCompatibilityTest extends SpringMvcCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }
}
