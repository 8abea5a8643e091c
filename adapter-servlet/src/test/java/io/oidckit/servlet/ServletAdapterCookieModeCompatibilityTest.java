package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;

/** The whole kit again in cookie mode: the session in sealed cookies, no server-side session at all. */
@DisplayName("Servlet adapter on Tomcat 11, in cookie session mode")
class ServletAdapterCookieModeCompatibilityTest extends ServletAdapterCompatibilityTest {
    @Override
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.COOKIE;
    }
}
