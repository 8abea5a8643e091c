package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole kit again, with the web application deployed under the servlet context path {@code /app} and the
 * base path {@code /app/}: the base path includes the context path (the filter warns when it does not).
 */
@DisplayName("Servlet adapter on Tomcat 11, deployed under the servlet context path /app with the base path /app/")
class ServletAdapterContextPathCompatibilityTest extends AdapterCompatibilityKit {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        return TomcatApp.start(config, port, "/app");
    }
}
