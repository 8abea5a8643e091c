package io.oidckit.spring;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.spring.bootapp.TckBootApplication;
import io.oidckit.spring.tckapp.TckController;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

@DisplayName("Spring adapter under Spring Boot auto-configuration, configured by oidckit.* properties only")
class SpringBootCompatibilityTest extends AdapterCompatibilityKit {

    @Override
    protected TckApp start(OidcConfig config, int port) {
        ConfigurableApplicationContext context = startBoot(TckBootApplication.class, properties(config, port));
        return context::close;
    }

    static ConfigurableApplicationContext startBoot(Class<?> application, Map<String, Object> properties) {
        SpringApplication app = new SpringApplication(application);
        app.setDefaultProperties(properties);
        return app.run();
    }

    /** The kit's configuration written as the properties a Boot user would put in application.properties. */
    static Map<String, Object> properties(OidcConfig config, int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", port);
        p.put("server.address", "127.0.0.1");
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("oidckit.authority", config.authority().toString());
        p.put("oidckit.client-id", config.clientId());
        p.put("oidckit.client-secret", config.clientSecret());
        p.put("oidckit.redirect-uri", config.redirectUri().toString());
        p.put("oidckit.base-path", config.basePath());
        p.put(TckController.BASE_PATH_PROPERTY, config.basePath()); // where the app's own routes live
        p.put("oidckit.connect-timeout", config.connectTimeout().toMillis() + "ms");
        p.put("oidckit.timeout", config.responseTimeout().toMillis() + "ms");
        p.put("oidckit.retry-backoff", config.retryBackoff().toMillis() + "ms");
        p.put("oidckit.retry-backoff-max", config.retryBackoffMax().toMillis() + "ms");
        if (config.skipDiscovery()) {
            p.put("oidckit.skip-discovery", "true");
            p.put("oidckit.authorization-endpoint", config.authorizationEndpoint().toString());
            p.put("oidckit.token-endpoint", config.tokenEndpoint().toString());
            p.put("oidckit.jwks-uri", config.jwksUri().toString());
        }
        for (int i = 0; i < config.accessRules().size(); i++) {
            AccessRule rule = config.accessRules().get(i);
            p.put("oidckit.protect[" + i + "].pattern", rule.pattern());
            p.put("oidckit.protect[" + i + "].roles", String.join(",", rule.requirement().roles()));
            p.put("oidckit.protect[" + i + "].api", rule.requirement().api());
        }
        return p;
    }
}
