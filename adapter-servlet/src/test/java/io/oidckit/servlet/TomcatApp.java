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

/** The kit's minimal app on an embedded Tomcat 11, with the filter and one servlet for the four routes. */
final class TomcatApp {
    private TomcatApp() {
    }

    static TckApp start(OidcConfig config, int port) throws Exception {
        return start(new ServletOidcFilter(config), Map.of(), port);
    }

    static TckApp start(ServletOidcFilter filter, Map<String, String> initParams, int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("oidckit-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", null);
        FilterDef def = new FilterDef();
        def.setFilterName("oidc");
        def.setFilter(filter);
        initParams.forEach(def::addInitParameter);
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("oidc");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        Tomcat.addServlet(ctx, "app", new MinimalServlet());
        ctx.addServletMappingDecoded("/", "app");
        tomcat.start();
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }

    /** The four routes of the kit; the user comes from the request attribute the filter sets. */
    static final class MinimalServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            OidcUser user = ServletOidcFilter.currentUser(req).orElse(null);
            String path = req.getRequestURI();
            String body;
            String type = "text/html; charset=utf-8";
            switch (path) {
                case "/" -> body = TckPages.home(user, "/");
                case "/profile" -> body = TckPages.profile(user);
                case "/admin", "/admin/" -> body = TckPages.admin(user);
                case "/api/me" -> {
                    body = TckPages.apiMe(user);
                    type = "application/json";
                }
                case "/whoami" -> body = "principal=" + (req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName())
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
