package io.oidckit.jdk;

import io.oidckit.tck.AdapterArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit's rules for this adapter. Not {@code neverBlocks}: the JDK server runs each exchange on a thread of its
 * executor, so waiting for the core's stage there is the servlet adapter's kind of wait, bounded by the core's
 * timeouts (the README says to give the server an executor of several threads).
 */
@DisplayName("The JDK HttpServer adapter stays thin")
class JdkArchitectureTest {
    static final AdapterArchitecture JDK = AdapterArchitecture.of("io.oidckit.jdk");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter, only the JDK server's public API")
    void thin() {
        JDK.check(JDK.noProtocolLibrary(), JDK.noCoreInternals(), JDK.noOtherAdapter(), JDK.noFrameworkInternals());
    }

    @Test
    @DisplayName("renders the core's outcomes in one place: JdkOidc")
    void rendersInOnePlace() {
        JDK.check(JDK.rendersOutcomesInOnePlace(JdkOidc.class.getName()));
    }

    @Test
    @DisplayName("its main sources stay within 200 lines (docs/adapter-guide.md: adapters stay thin)")
    void small() {
        AdapterArchitecture.assertMainLinesAtMost(200);
    }
}
