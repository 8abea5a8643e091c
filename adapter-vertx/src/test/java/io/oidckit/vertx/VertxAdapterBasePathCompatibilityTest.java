package io.oidckit.vertx;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.tck.SettingsKit;
import io.oidckit.tck.TckApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

import java.util.HashMap;

/**
 * The whole kit again under the base path {@code /app/}, with the app configured from JSON as a verticle's
 * {@code config()} would carry it: every setting of the kit's configuration under its camelCase key
 * ({@code urlBasePathname: "/app/"} among them).
 */
@DisplayName("Vert.x adapter on Vert.x Web 5, with the blocked-thread checker at 100 ms, under the base path /app/, configured from JSON")
class VertxAdapterBasePathCompatibilityTest extends VertxAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        JsonObject json = new JsonObject(new HashMap<>(SettingsKit.render(config, Naming.JSON)));
        return VertxTckApp.start(VertxOidc.create(TestVertx.shared(), json), null, port, r -> { });
    }
}
