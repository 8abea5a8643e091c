package io.oidckit.micronaut;

import io.oidckit.OidcConfig;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

import java.util.Map;

@DisplayName("The Micronaut adapter keeps the contract")
class MicronautAdapterCompatibilityTest extends AdapterCompatibilityKit {
    @Override
    protected TckApp start(OidcConfig config, int port) {
        return MicronautTestApp.start("tck", config, port, Map.of(MicronautTestApp.BASE_PATH, config.basePath()));
    }
}
