package io.oidckit.web;

import io.oidckit.OidcConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The port finds its implementation")
class ImplementationTest {
    static final Map<String, String> SETTINGS = Map.of("OIDC_AUTHORITY", "http://127.0.0.1:9/realms/main",
            "OIDC_CLIENT_ID", "app", "OIDC_CLIENT_SECRET", "s", "OIDC_REDIRECT_URI", "http://127.0.0.1:8080/auth/callback");

    @Test
    @DisplayName("through oidc-core's own service file")
    void found() {
        RelyingParty rp = RelyingParty.create(OidcConfig.fromMap(SETTINGS));
        assertEquals("/auth/login", rp.loginPath());
        assertEquals("io.oidckit.internal.flows", rp.getClass().getPackageName());
    }

    @Test
    @DisplayName("a fat jar that lost the service file gets OIDC105 naming it, at every build, not a class-loading error")
    void missingServiceFile() throws Exception {
        URL classes = RelyingParty.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutServices = new URLClassLoader(new URL[]{classes}, getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith("io.oidckit.")) return super.loadClass(name, resolve);
                synchronized (getClassLoadingLock(name)) { // oidc-core's classes afresh, from this loader
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }

            @Override
            public Enumeration<URL> getResources(String name) throws java.io.IOException {
                return name.startsWith("META-INF/services/io.oidckit.") ? Collections.emptyEnumeration() : super.getResources(name);
            }
        }) {
            Class<?> config = withoutServices.loadClass(OidcConfig.class.getName());
            Object settings = config.getMethod("fromMap", Map.class).invoke(null, SETTINGS);
            Method create = withoutServices.loadClass(RelyingParty.class.getName()).getMethod("create", config);
            for (int attempt = 0; attempt < 2; attempt++) {
                InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> create.invoke(null, settings));
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                assertTrue(e.getCause().getMessage().startsWith("OIDC105 oidc-core's META-INF/services/io.oidckit.web.RelyingParty$Factory is missing"),
                        e.getCause().getMessage());
            }
        }
    }
}
