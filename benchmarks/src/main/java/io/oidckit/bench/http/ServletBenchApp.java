package io.oidckit.bench.http;

import io.oidckit.OidcConfig;
import io.oidckit.servlet.ServletOidcFilter;
import io.oidckit.testprovider.TestProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The servlet adapter on embedded Tomcat 11 (as adapter-servlet's TomcatApp): one servlet for every hello route;
 * {@link ServletOidcFilter} mapped to {@code /auth/*}, {@code /p/*} and {@code /pub/*}, not to {@code /open/*}.
 */
public final class ServletBenchApp implements BenchApp {
    @Override
    public String name() {
        return "servlet";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        Tomcat tomcat = loopbackTomcat(port);
        Context ctx = tomcat.addContext("", null);
        FilterDef def = new FilterDef();
        def.setFilterName("oidc");
        def.setFilter(new ServletOidcFilter(config));
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("oidc");
        map.addURLPattern("/auth/*");
        map.addURLPattern("/p/*");
        map.addURLPattern("/pub/*");
        ctx.addFilterMap(map);
        Tomcat.addServlet(ctx, "hello", new HelloServlet());
        ctx.addServletMappingDecoded("/", "hello");
        tomcat.start();
        return running(tomcat, ctx, "oidckit.user");
    }

    /** An embedded Tomcat listening on {@code 127.0.0.1:port} only, not yet started. Also used by the Spring app. */
    public static Tomcat loopbackTomcat(int port) throws java.io.IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("oidckit-bench-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        return tomcat;
    }

    /** The started Tomcat as a {@link Running}, its sessions holding {@code marker} measured by {@link #sizes}. */
    public static Running running(Tomcat tomcat, Context context, String marker) {
        return new Running() {
            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }

            @Override
            public List<Integer> signedInSessionSizes() {
                return sizes(context.getManager(), marker);
            }
        };
    }

    /**
     * Java-serialized attributes of each Tomcat session holding {@code marker} (the attribute of a signed-in user):
     * what a persistent or replicated store keeps. Public for the Spring bench app, also on Tomcat.
     */
    public static List<Integer> sizes(Manager manager, String marker) {
        List<Integer> out = new ArrayList<>();
        for (Session s : manager.findSessions()) {
            try {
                var http = s.getSession();
                Map<String, Object> attrs = new LinkedHashMap<>();
                for (String name : Collections.list(http.getAttributeNames())) attrs.put(name, http.getAttribute(name));
                if (!attrs.containsKey(marker)) continue;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out2 = new ObjectOutputStream(bytes)) {
                    // Tomcat's StandardSession writes each attribute as name + value; this is the same content.
                    for (Map.Entry<String, Object> e : attrs.entrySet()) {
                        out2.writeObject(e.getKey());
                        out2.writeObject(e.getValue());
                    }
                }
                out.add(bytes.size());
            } catch (IllegalStateException | IOException invalidated) {
                // expired or invalidated meanwhile
            }
        }
        return out;
    }

    static final class HelloServlet extends HttpServlet {
        private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (!path.equals("/open/hello") && !path.equals("/p/hello") && !path.equals("/pub/hello")) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("text/html; charset=utf-8");
            resp.setContentLength(BODY_BYTES.length);
            resp.getOutputStream().write(BODY_BYTES);
        }
    }
}
