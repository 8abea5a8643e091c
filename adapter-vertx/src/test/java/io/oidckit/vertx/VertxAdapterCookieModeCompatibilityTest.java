package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;

/** The whole kit again in cookie mode: the session in sealed cookies, no server-side session at all. */
@DisplayName("Vert.x adapter on Vert.x Web 5, in cookie session mode")
class VertxAdapterCookieModeCompatibilityTest extends VertxAdapterCompatibilityTest {
    @Override
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.COOKIE;
    }
}
