package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.tck.TckApp;
import io.oidckit.tck.TckPages;
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
 * The kit's minimal app on an embedded Tomcat 11, with the filter and one servlet for the four routes, which it
 * serves below the configuration's base path. The web application is deployed at the root context, or under a
 * servlet context path (which the base path must then start with).
 */
final class TomcatApp {
    private TomcatApp() {
    }

    static TckApp start(OidcConfig config, int port) throws Exception {
        return start(config, port, "");
    }

    /** Deployed under {@code contextPath} ({@code ""} for the root context, else for example {@code /app}). */
    static TckApp start(OidcConfig config, int port, String contextPath) throws Exception {
        return start(new ServletOidcFilter(config), Map.of(), port, contextPath, config.basePath());
    }

    static TckApp start(ServletOidcFilter filter, Map<String, String> initParams, int port) throws Exception {
        return start(filter, initParams, port, "", "/");
    }

    /** A filter configured by {@code initParams} alone, as web.xml would, with the kit's routes below {@code basePath}. */
    static TckApp start(Map<String, String> initParams, int port, String basePath) throws Exception {
        return start(new ServletOidcFilter(), initParams, port, "", basePath);
    }

    private static TckApp start(ServletOidcFilter filter, Map<String, String> initParams, int port, String contextPath,
                                String basePath) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("oidckit-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext(contextPath, null);
        FilterDef def = new FilterDef();
        def.setFilterName("oidc");
        def.setFilter(filter);
        initParams.forEach(def::addInitParameter);
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("oidc");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        Tomcat.addServlet(ctx, "app", new MinimalServlet(basePath));
        ctx.addServletMapping("/", "app");
        tomcat.start();
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }

    /**
     * The four routes of the kit below the base path {@code B} (the request URI, which includes the context path);
     * the user comes from the request attribute the filter sets.
     */
    static final class MinimalServlet extends HttpServlet {
        private final String basePath;

        MinimalServlet(String basePath) {
            this.basePath = basePath;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            OidcUser user = ServletOidcFilter.currentUser(req).orElse(null);
            String uri = req.getRequestURI();
            if (!uri.startsWith(basePath)) {
                resp.sendError(404);
                return;
            }
            String body;
            String type = "text/html; charset=utf-8";
            switch (uri.substring(basePath.length())) {
                case "" -> body = TckPages.home(user, basePath);
                case "profile" -> body = TckPages.profile(user);
                case "admin", "admin/" -> body = TckPages.admin(user);
                case "api/me" -> {
                    body = TckPages.apiMe(user);
                    type = "application/json";
                }
                case "api/token" -> {
                    body = TckPages.apiToken(user);
                    type = "application/json";
                }
                case "whoami" -> body = "principal=" + (req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName())
                        + " remote=" + req.getRemoteUser() + " admin=" + req.isUserInRole("admin") + " auth=" + req.getAuthType();
                default -> {
                    resp.sendError(404);
                    return;
                }
            }
            resp.setContentType(type);
            resp.getWriter().write(body);
        }
    }
}
