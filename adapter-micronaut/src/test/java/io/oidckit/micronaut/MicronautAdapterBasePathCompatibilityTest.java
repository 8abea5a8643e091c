package io.oidckit.micronaut;

import org.junit.jupiter.api.DisplayName;

/** The whole kit again, with the base path {@code /app/} and the app's routes below it. */
@DisplayName("The Micronaut adapter keeps the contract under the base path /app/")
class MicronautAdapterBasePathCompatibilityTest extends MicronautAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }
}
