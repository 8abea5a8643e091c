package io.oidckit.examples.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.OidcConfigException;
import io.oidckit.OidcUser;
import io.oidckit.examples.DemoPages;
import io.oidckit.examples.ExampleSettings;
import io.oidckit.servlet.ServletOidcFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The demo app on embedded Tomcat 11: one {@link ServletOidcFilter} for sign-in and route protection, one servlet
 * for the pages. Configured only by the contract's environment variables; with {@code OIDC_AUTHORITY} unset it
 * starts the development provider and signs in against it.
 */
public final class ServletExampleApp implements AutoCloseable {
    private final Tomcat tomcat;
    private final ExampleSettings settings;
    private final OidcConfig config;

    private ServletExampleApp(Tomcat tomcat, ExampleSettings settings, OidcConfig config) {
        this.tomcat = tomcat;
        this.settings = settings;
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        ServletExampleApp app;
        try {
            app = start(System.getenv());
        } catch (OidcConfigException e) {
            System.err.println(e.getMessage()); // one line per setting, each naming it
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "servlet (Tomcat 11)");
        app.tomcat.getServer().await();
    }

    /** Starts the app with {@code env} as its environment: {@code PORT}, {@code HOST} (default 127.0.0.1), OIDC_*. */
    public static ServletExampleApp start(Map<String, String> env) throws Exception {
        ExampleSettings settings = ExampleSettings.from(env);
        try {
            OidcConfig config = settings.config();
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("oidckit-servlet-app").toString());
            Connector connector = new Connector();
            connector.setPort(settings.port());
            // Loopback unless told otherwise: the development provider is loopback-only too.
            connector.setProperty("address", env.getOrDefault("HOST", "127.0.0.1"));
            tomcat.setConnector(connector);
            Context ctx = tomcat.addContext("", null);
            FilterDef def = new FilterDef();
            def.setFilterName("oidckit");
            def.setFilter(new ServletOidcFilter(config));
            ctx.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("oidckit");
            map.addURLPattern("/*");
            ctx.addFilterMap(map);
            Tomcat.addServlet(ctx, "demo", new DemoServlet(config.basePath()));
            ctx.addServletMappingDecoded("/", "demo");
            tomcat.start();
            return new ServletExampleApp(tomcat, settings, config);
        } catch (Exception | Error e) {
            settings.close();
            throw e;
        }
    }

    /** The port Tomcat listens on. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            // shutting down anyway
        } finally {
            settings.close();
        }
    }

    /** The demo's pages; protection is the filter's job, so this only renders. */
    static final class DemoServlet extends HttpServlet {
        private final String base;

        DemoServlet(String base) {
            this.base = base;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            OidcUser user = ServletOidcFilter.currentUser(req).orElse(null);
            String path = req.getRequestURI();
            String body;
            String type = "text/html; charset=utf-8";
            if (path.equals(base)) {
                body = DemoPages.home(user, base);
            } else if (user != null && path.equals(base + "profile")) {
                body = DemoPages.profile(user, base);
            } else if (user != null && (path.equals(base + "admin") || path.equals(base + "admin/"))) {
                body = DemoPages.admin(user, base);
            } else if (user != null && path.equals(base + "api/me")) {
                body = DemoPages.apiMe(user);
                type = "application/json";
            } else {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setContentType(type);
            resp.getWriter().write(body);
        }
    }
}
