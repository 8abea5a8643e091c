package io.oidckit.micronaut;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.tck.SettingsKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

import java.util.HashMap;
import java.util.Map;

/**
 * The whole kit again, with the base path {@code /app/} and the app's routes below it, and no OidcConfig bean:
 * the app is configured by {@code oidckit.*} properties, every setting of the kit's configuration
 * ({@code oidckit.url-base-pathname=/app/} among them), as {@code application.yml} would.
 */
@DisplayName("The Micronaut adapter keeps the contract under the base path /app/, configured by oidckit.* properties")
class MicronautAdapterBasePathCompatibilityTest extends MicronautAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) {
        Map<String, Object> properties = new HashMap<>(SettingsKit.render(config, Naming.PROPERTY));
        properties.put(MicronautTestApp.BASE_PATH, config.basePath());
        return MicronautTestApp.start("tck", null, port, properties);
    }
}
