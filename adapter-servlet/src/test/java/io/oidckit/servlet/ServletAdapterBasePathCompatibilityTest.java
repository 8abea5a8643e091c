package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.tck.SettingsKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole kit again under the base path {@code /app/}, with the filter configured as web.xml would: by
 * init-params alone, every setting of the kit's configuration under its property name
 * ({@code oidckit.url-base-pathname=/app/} among them).
 */
@DisplayName("Servlet adapter on Tomcat 11, under the base path /app/, configured by init-params")
class ServletAdapterBasePathCompatibilityTest extends ServletAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        return TomcatApp.start(SettingsKit.render(config, Naming.PROPERTY), port, config.basePath());
    }
}
