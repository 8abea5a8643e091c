package io.oidckit.micronaut;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;

/** The whole kit again in cookie mode: the session in sealed cookies, no server-side session at all. */
@DisplayName("Micronaut adapter, in cookie session mode")
class MicronautAdapterCookieModeCompatibilityTest extends MicronautAdapterCompatibilityTest {
    @Override
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.COOKIE;
    }
}
