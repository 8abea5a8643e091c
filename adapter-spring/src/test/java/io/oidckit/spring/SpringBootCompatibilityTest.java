package io.oidckit.spring;

import io.oidckit.AccessRule;
import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.spring.bootapp.TckBootApplication;
import io.oidckit.spring.tckapp.TckController;
import io.oidckit.tck.AdapterCompatibilityKit;
import io.oidckit.tck.SettingsKit;
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

    /**
     * The kit's configuration written as the properties a Boot user would put in application.properties: every
     * setting as {@code oidckit.} and its key, through the core's table, and the rules in their structured form.
     */
    static Map<String, Object> properties(OidcConfig config, int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", port);
        p.put("server.address", "127.0.0.1");
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put(TckController.BASE_PATH_PROPERTY, config.basePath()); // where the app's own routes live
        p.putAll(SettingsKit.render(config, Naming.PROPERTY));
        p.remove(Setting.OIDC_PROTECT.property());
        for (int i = 0; i < config.accessRules().size(); i++) {
            AccessRule rule = config.accessRules().get(i);
            p.put("oidckit.protect[" + i + "].pattern", rule.pattern());
            p.put("oidckit.protect[" + i + "].roles", String.join(",", rule.requirement().roles()));
            p.put("oidckit.protect[" + i + "].api", rule.requirement().api());
            p.put("oidckit.protect[" + i + "].credential", rule.requirement().credential().name().toLowerCase().replace('_', '-'));
            p.put("oidckit.protect[" + i + "].scopes", String.join(",", rule.requirement().scopes()));
        }
        return p;
    }
}
