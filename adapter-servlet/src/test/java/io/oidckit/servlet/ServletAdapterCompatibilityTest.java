package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Servlet adapter on Tomcat 11")
class ServletAdapterCompatibilityTest extends AdapterCompatibilityKit {
    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        return TomcatApp.start(config, port);
    }
}
