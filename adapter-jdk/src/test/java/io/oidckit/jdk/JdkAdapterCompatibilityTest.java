package io.oidckit.jdk;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

/** The whole kit in cookie session mode, the only one this adapter has: the JDK HttpServer keeps no sessions. */
@DisplayName("JDK HttpServer adapter, in cookie session mode")
class JdkAdapterCompatibilityTest extends AdapterCompatibilityKit {
    @Override
    protected OidcConfig.SessionMode sessionMode() {
        return OidcConfig.SessionMode.COOKIE;
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        return JdkTckApp.start(JdkOidc.create(config), config.basePath(), port);
    }
}
