package io.oidckit.spring;

import io.oidckit.servlet.ServletViews;
import io.oidckit.tck.AdapterArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Spring adapter stays thin")
class SpringArchitectureTest {
    /** The servlet family's shared views, and the attribute name they set; never the servlet filter's behaviour. */
    static final AdapterArchitecture SPRING = AdapterArchitecture.of("io.oidckit.spring")
            .allowing(ServletViews.class.getName());

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter but the servlet views it builds on, no framework internals")
    void thin() {
        SPRING.check(SPRING.noProtocolLibrary(), SPRING.noCoreInternals(), SPRING.noOtherAdapter(),
                SPRING.noFrameworkInternals());
    }

    @Test
    @DisplayName("chooses no status code: no HttpStatus, no SC_ constants, no setStatus or sendError")
    void choosesNoStatusCode() {
        SPRING.check(SPRING.choosesNoStatusCode());
    }

    @Test
    @DisplayName("renders the core's outcomes in one place: the servlet adapter's ServletViews")
    void rendersInOnePlace() {
        SPRING.check(SPRING.rendersOutcomesThrough(ServletViews.class.getName()));
    }

    @Test
    @DisplayName("its main sources stay within 700 lines (docs/adapter-guide.md: adapters stay thin)")
    void small() {
        AdapterArchitecture.assertMainLinesAtMost(700);
    }
}
