package io.oidckit.spring;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.spring.tckapp.TckController;
import io.oidckit.tck.SettingsKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * The whole kit again in the plain Spring MVC application, under the base path {@code /app/}, configured by
 * environment variables in the properties' form ({@code OIDCKIT_URL_BASE_PATHNAME=/app/}, every other setting the
 * same way) instead of an OidcConfig bean: Spring's own variable mapping, no Boot.
 */
@DisplayName("Spring adapter in a plain Spring MVC application (no Boot) on Tomcat 11, under the base path /app/, configured by OIDCKIT_* variables")
class SpringMvcBasePathCompatibilityTest extends SpringMvcCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        Map<String, Object> variables = new HashMap<>(
                SpringOidcSettingsTest.upperCase(SettingsKit.render(config, Naming.PROPERTY)));
        return PlainMvcApp.start(port, spring -> {
            spring.register(MvcConfig.class);
            spring.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tck",
                    Map.of(TckController.BASE_PATH_PROPERTY, config.basePath())));
        });
    }
}
