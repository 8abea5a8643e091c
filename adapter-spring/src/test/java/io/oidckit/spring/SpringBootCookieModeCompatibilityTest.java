package io.oidckit.spring;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole kit again in cookie mode, configured by {@code oidckit.session-mode=cookie} and
 * {@code oidckit.session-secret} properties: the session in sealed cookies, no {@code HttpSession} at all.
 */
@DisplayName("Spring adapter under Spring Boot, in cookie session mode")
class SpringBootCookieModeCompatibilityTest extends SpringBootCompatibilityTest {
    @Override
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.COOKIE;
    }
}
