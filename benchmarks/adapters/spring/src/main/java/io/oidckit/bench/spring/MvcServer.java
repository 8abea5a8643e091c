package io.oidckit.bench.spring;

import io.oidckit.bench.http.BenchApp;
import io.oidckit.bench.http.ServletBenchApp;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;


/**
 * A plain Spring MVC application (no Boot) on embedded Tomcat 11, as adapter-spring's {@code PlainMvcApp}: a root
 * context from a {@code ContextLoaderListener}, one filter (a {@code DelegatingFilterProxy}) mapped to the given
 * URL patterns only, and a {@code DispatcherServlet} on {@code /}. {@code /open/*} is never mapped to the filter.
 */
final class MvcServer {
    private MvcServer() {
    }

    static BenchApp.Running start(int port, AnnotationConfigWebApplicationContext spring, String filterName, Filter filter,
                                  String sessionMarker, String... patterns) throws Exception {
        Tomcat tomcat = ServletBenchApp.loopbackTomcat(port);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            servletContext.addListener(new ContextLoaderListener(spring));
            FilterRegistration.Dynamic f = servletContext.addFilter(filterName, filter);
            f.addMappingForUrlPatterns(null, false, patterns);
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
        return ServletBenchApp.running(tomcat, context, sessionMarker);
    }
}
