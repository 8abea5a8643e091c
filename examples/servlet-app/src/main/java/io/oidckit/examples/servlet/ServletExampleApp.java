package io.oidckit.examples.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.examples.DemoPages;
import io.oidckit.examples.ExampleSettings;
import io.oidckit.servlet.ServletOidcFilter;
import io.oidckit.web.Outcome;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
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

    /**
     * Starts the app with the process's environment. A misconfiguration, a {@code PORT} that is not a port number
     * or a port that is taken: one line per problem on stderr, exit code 2.
     */
    public static void main(String[] args) throws Exception {
        ServletExampleApp app = ExampleSettings.startOrExit(() -> start(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.settings.printBanner(app.config, "servlet (Tomcat 11)");
        app.tomcat.getServer().await();
    }

    /**
     * Starts the app with {@code env} as its environment: {@code PORT} (default 8080), {@code HOST} (default
     * 127.0.0.1), the {@code OIDC_*} settings.
     *
     * @throws io.oidckit.OidcConfigException listing every misconfigured setting
     * @throws ExampleSettings.PortException when {@code PORT} is not a port number or the port is taken; nothing is
     *         left running then
     */
    public static ServletExampleApp start(Map<String, String> env) throws Exception {
        ExampleSettings settings = ExampleSettings.from(env);
        Tomcat tomcat = null;
        try {
            OidcConfig config = settings.config();
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("oidckit-servlet-app").toString());
            tomcat.setConnector(connector(settings));
            quietErrors(tomcat);
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
            stopQuietly(tomcat);
            settings.close();
            ExampleSettings.PortException port = settings.portProblem(e);
            if (port != null) throw port;
            throw e;
        }
    }

    /**
     * The HTTP connector: the address and port, and the limits on what a request may carry before the filter sees
     * it. Requests over them get a bare 400 from Tomcat (see {@link #quietErrors}).
     */
    private static Connector connector(ExampleSettings settings) {
        Connector connector = new Connector();
        connector.setPort(settings.port());
        // Loopback unless told otherwise: the development provider is loopback-only too.
        connector.setProperty("address", settings.host());
        // Fail start-up when the port cannot be bound, instead of logging it and running without a connector.
        connector.setThrowOnFailure(true);
        // Request line plus headers: Tomcat's default of 8 KiB, said out loud. A callback with a 4 KiB code (the
        // longest the contract lets through to the core, which answers longer ones with its 400 page) fits.
        connector.setProperty("maxHttpRequestHeaderSize", String.valueOf(8 * 1024));
        // The demo reads no parameters itself (the adapter parses the raw query); far below Tomcat's 1000.
        connector.setMaxParameterCount(100);
        connector.setMaxPostSize(64 * 1024);
        return connector;
    }

    /**
     * Tomcat's own error answers (a request line or header that is too long, a malformed request, a 405) become the
     * status and a one-line page: no exception class, no stack trace, no "Apache Tomcat/11.0.x". The host's
     * default {@link ErrorReportValve} shows all three; StandardHost adds it only when none is present.
     */
    private static void quietErrors(Tomcat tomcat) {
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
    }

    private static void stopQuietly(Tomcat tomcat) {
        if (tomcat == null) return;
        try {
            tomcat.stop();
        } catch (Exception | Error e) {
            // failed to start in the first place
        }
        try {
            tomcat.destroy();
        } catch (Exception | Error e) {
            // nothing more to release
        }
    }

    /** The port Tomcat listens on. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public void close() {
        try {
            stopQuietly(tomcat);
        } finally {
            settings.close();
        }
    }

    /**
     * The demo's pages; protection is the filter's job, so this only renders. Every other path gets the core's 404
     * page, as in the other examples.
     */
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
                Outcome.Page notFound = DemoPages.notFound(base);
                resp.setStatus(notFound.status());
                notFound.headers().forEach(resp::setHeader);
                resp.setContentType(notFound.contentType());
                resp.getWriter().write(notFound.html());
                return;
            }
            resp.setContentType(type);
            resp.getWriter().write(body);
        }
    }
}
