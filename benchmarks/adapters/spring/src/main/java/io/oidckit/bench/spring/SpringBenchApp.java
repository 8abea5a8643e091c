package io.oidckit.bench.spring;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.spring.EnableOidcKit;
import io.oidckit.spring.SpringOidcFilter;
import io.oidckit.testprovider.TestProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The oidckit Spring MVC adapter as its README and adapter-spring's {@code SpringMvcCompatibilityTest} set it up:
 * {@code @EnableWebMvc} + {@code @EnableOidcKit}, the harness's {@link OidcConfig} as a bean ({@code p/**}
 * protected by the configured rules), the filter through {@code DelegatingFilterProxy("oidcKitFilter")}. The filter
 * is mapped to {@code /auth/*}, {@code /p/*} and {@code /pub/*}, not to {@code /open/*}. (The adapter's handler
 * interceptor, registered by {@code @EnableOidcKit} for every handler, also sees {@code /open/hello}: a cached
 * "no annotation" lookup.) Spring Security is not on this app's class path (see the module's pom).
 */
public final class SpringBenchApp implements BenchApp {
    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableOidcKit
    @Import(HelloController.class)
    static class MvcConfig {
    }

    @Override
    public String name() {
        return "spring";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(MvcConfig.class);
        spring.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("oidcConfig", config));
        DelegatingFilterProxy proxy = new DelegatingFilterProxy(SpringOidcFilter.BEAN_NAME);
        proxy.setTargetFilterLifecycle(true);
        return MvcServer.start(port, spring, "oidckit", proxy, "oidckit.user", "/auth/*", "/p/*", "/pub/*");
    }
}
