package io.oidckit.vertx;

import org.junit.jupiter.api.DisplayName;

/** The whole kit again, with the base path {@code /app/} and the app's routes below it. */
@DisplayName("Vert.x adapter on Vert.x Web 5, with the blocked-thread checker at 100 ms, under the base path /app/")
class VertxAdapterBasePathCompatibilityTest extends VertxAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }
}
