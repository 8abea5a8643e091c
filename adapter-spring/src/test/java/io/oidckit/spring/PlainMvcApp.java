package io.oidckit.spring;

import io.oidckit.tck.TckApp;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.DispatcherServlet;

import java.nio.file.Files;
import java.util.function.Consumer;

/**
 * A plain Spring MVC application, no Spring Boot: embedded Tomcat 11, a root context from a
 * {@code ContextLoaderListener}, the oidckit filter through {@code DelegatingFilterProxy}, and a
 * {@code DispatcherServlet} — what a {@code WebApplicationInitializer} would register in a WAR.
 */
final class PlainMvcApp {
    private PlainMvcApp() {
    }

    static TckApp start(int port, Consumer<AnnotationConfigWebApplicationContext> setup) throws Exception {
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        setup.accept(spring);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("oidckit-spring-mvc").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            servletContext.addListener(new ContextLoaderListener(spring));
            DelegatingFilterProxy proxy = new DelegatingFilterProxy(SpringOidcFilter.BEAN_NAME);
            proxy.setTargetFilterLifecycle(true); // the container's init reaches the filter: session cookie set
            FilterRegistration.Dynamic filter = servletContext.addFilter("oidckit", proxy);
            filter.addMappingForUrlPatterns(null, false, "/*");
            ServletRegistration.Dynamic dispatcher = servletContext.addServlet("dispatcher", new DispatcherServlet(spring));
            dispatcher.setLoadOnStartup(1);
            dispatcher.addMapping("/");
        }, null);
        tomcat.start();
        if (!spring.isActive()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("the Spring context did not start; see the log");
        }
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }
}
