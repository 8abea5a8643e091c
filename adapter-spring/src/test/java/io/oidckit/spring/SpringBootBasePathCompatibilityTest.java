package io.oidckit.spring;

import org.junit.jupiter.api.DisplayName;

/** The whole kit again under Spring Boot, with {@code oidckit.url-base-pathname=/app/} and the app's routes below it. */
@DisplayName("Spring adapter under Spring Boot auto-configuration, configured by oidckit.* properties only, under the base path /app/")
class SpringBootBasePathCompatibilityTest extends SpringBootCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }
}
