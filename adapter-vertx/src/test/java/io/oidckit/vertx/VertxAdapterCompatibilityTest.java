package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Vert.x adapter on Vert.x Web 5, with the blocked-thread checker at 100 ms")
class VertxAdapterCompatibilityTest extends AdapterCompatibilityKit {
    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        return VertxTckApp.start(config, port);
    }

    @AfterAll
    void noEventLoopWasBlocked() {
        BlockedThreadWatch.assertNone();
    }
}
