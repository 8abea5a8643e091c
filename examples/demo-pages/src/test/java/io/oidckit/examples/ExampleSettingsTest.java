package io.oidckit.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ExampleSettings")
class ExampleSettingsTest {

    @Test
    @DisplayName("PORT: unset or blank is 8080, digits 0..65535 are taken as they are, spaces trimmed")
    void portValues() {
        assertEquals(8080, ExampleSettings.port(null));
        assertEquals(8080, ExampleSettings.port(" "));
        assertEquals(0, ExampleSettings.port("0"));
        assertEquals(65535, ExampleSettings.port("65535"));
        assertEquals(9000, ExampleSettings.port(" 9000 "));
    }

    @Test
    @DisplayName("PORT: anything else is one line naming PORT and the value")
    void badPortValues() {
        for (String bad : new String[] {"abc", "65536", "70000", "-1", "+80", "80.0", "123456", "0x50"}) {
            ExampleSettings.PortException e = assertThrows(ExampleSettings.PortException.class,
                    () -> ExampleSettings.port(bad), bad);
            assertEquals("OIDC102 PORT: must be a port number from 0 to 65535, got " + bad, e.getMessage());
        }
        ExampleSettings.PortException e = assertThrows(ExampleSettings.PortException.class,
                () -> ExampleSettings.port("8\n0\u0000"));
        assertEquals("OIDC102 PORT: must be a port number from 0 to 65535, got 8?0?", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "a message for people, not a stack trace");
    }

    @Test
    @DisplayName("a taken port stops from(...) before the development provider starts")
    void takenPort() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ExampleSettings.PortException e = assertThrows(ExampleSettings.PortException.class,
                    () -> ExampleSettings.from(Map.of("PORT", String.valueOf(port))));
            assertEquals("OIDC102 PORT: " + port + " is already in use on 127.0.0.1; set PORT to a free port",
                    e.getMessage());
        }
        assertEquals(java.util.List.of(), ExampleChecks.newThreads(before), "nothing started");
    }

    @Test
    @DisplayName("a server's own bind failure becomes the same line; other failures are not a PORT problem")
    void portProblemFromServerFailure() throws Exception {
        try (ExampleSettings settings = ExampleSettings.from(Map.of("PORT", "0",
                "OIDC_AUTHORITY", "https://idp.example.com", "OIDC_CLIENT_ID", "x", "OIDC_CLIENT_SECRET", "y",
                "OIDC_REDIRECT_URI", "https://app.example.com/auth/callback"))) {
            Exception wrapped = new IllegalStateException("server failed",
                    new RuntimeException(new BindException("Address already in use")));
            ExampleSettings.PortException p = settings.portProblem(wrapped);
            assertEquals("OIDC102 PORT: 0 is already in use on 127.0.0.1; set PORT to a free port", p.getMessage());
            assertTrue(settings.portProblem(new BindException("Permission denied")).getMessage()
                    .startsWith("OIDC102 PORT: cannot listen on 127.0.0.1:0 (Permission denied)"));
            assertNull(settings.portProblem(new IllegalStateException("something else")));
        }
    }

    @Test
    @DisplayName("HOST: 127.0.0.1 with the development provider, the caller's default with a real one, else as set")
    void host() {
        Map<String, String> real = Map.of("PORT", "0", "OIDC_AUTHORITY", "https://idp.example.com");
        assertEquals("0.0.0.0", ExampleSettings.from(real, "0.0.0.0").host());
        assertEquals("127.0.0.1", ExampleSettings.from(real).host());
        assertEquals("::1", ExampleSettings.from(ExampleChecks.with(real, "HOST", " ::1 "), "0.0.0.0").host());
    }
}
