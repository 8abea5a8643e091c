package io.oidckit.vertx;

import io.oidckit.tck.AdapterArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Vert.x adapter stays thin")
class VertxArchitectureTest {
    /** Vert.x 5 sets a request's user only through UserContextInternal, as its own authentication handlers do. */
    static final AdapterArchitecture VERTX = AdapterArchitecture.of("io.oidckit.vertx")
            .allowing("io.vertx.ext.web.impl.UserContextInternal");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter, only Vert.x's public API")
    void thin() {
        VERTX.check(VERTX.noProtocolLibrary(), VERTX.noCoreInternals(), VERTX.noOtherAdapter(),
                VERTX.noFrameworkInternals());
    }

    @Test
    @DisplayName("renders the core's outcomes in one place, and chooses no status code of its own")
    void rendersInOnePlace() {
        VERTX.check(VERTX.rendersOutcomesInOnePlace(VertxOidcHandler.class.getName()), VERTX.choosesNoStatusCode());
    }

    @Test
    @DisplayName("nothing waits on the event loop: no join, get, await or sleep")
    void neverBlocks() {
        VERTX.check(VERTX.neverBlocks());
    }

    @Test
    @DisplayName("its main sources stay within their line limit (docs/adapter-guide.md: adapters stay thin)")
    void small() {
        AdapterArchitecture.assertMainLinesAtMost(550); // 500 until cookie mode: Set-Cookie values and per-session expiry; 530: the body of a back-channel logout, read without blocking; 550: no SessionHandler for a bearer request (VertxOidc.sessions)
    }
}
