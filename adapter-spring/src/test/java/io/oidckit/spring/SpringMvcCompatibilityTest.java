package io.oidckit.spring;

import io.oidckit.OidcConfig;
import io.oidckit.spring.tckapp.TckController;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import java.util.Map;

@DisplayName("Spring adapter in a plain Spring MVC application (no Boot) on Tomcat 11")
class SpringMvcCompatibilityTest extends AdapterCompatibilityKit {

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableOidcKit
    @Import(TckController.class)
    static class MvcConfig {
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        // The configuration as an OidcConfig bean: the first source @EnableOidcKit looks for.
        return PlainMvcApp.start(port, spring -> {
            spring.register(MvcConfig.class);
            // Where the app's own routes live; the adapter itself reads the base path from the OidcConfig bean.
            spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("tck",
                    Map.of(TckController.BASE_PATH_PROPERTY, config.basePath())));
            spring.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("oidcConfig", config));
        });
    }
}
