package io.oidckit.micronaut;

import io.oidckit.tck.AdapterArchitecture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

@DisplayName("The Micronaut adapter stays thin")
class MicronautArchitectureTest {
    static final AdapterArchitecture MICRONAUT = AdapterArchitecture.of("io.oidckit.micronaut");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter, no framework internals")
    void thin() {
        MICRONAUT.check(MICRONAUT.noProtocolLibrary(), MICRONAUT.noCoreInternals(), MICRONAUT.noOtherAdapter(),
                MICRONAUT.noFrameworkInternals());
    }

    @Test
    @DisplayName("renders the core's outcomes in one place: the filter")
    void rendersInOnePlace() {
        MICRONAUT.check(MICRONAUT.rendersOutcomesInOnePlace(MicronautOidcFilter.class.getName()));
    }

    @Test
    @DisplayName("nothing blocks the event loop: no join, get, await, sleep or blocking Reactor call")
    void neverBlocks() {
        MICRONAUT.check(MICRONAUT.neverBlocks());
    }

    @Test
    @DisplayName("the public API is the annotation and the user accessor; the rest is package-private")
    void smallApi() {
        // Micronaut's generated bean definitions ($...$Definition) are public by necessity and not API.
        MICRONAUT.check(classes().that().arePublic().and().areTopLevelClasses().and().haveNameNotMatching(".*\\.\\$.*")
                .should().haveFullyQualifiedName(MicronautOidc.class.getName())
                .orShould().haveFullyQualifiedName(OidcRequireRole.class.getName()));
    }

    @Test
    @DisplayName("its main sources stay within their line limit (docs/adapter-guide.md: adapters stay thin)")
    void small() {
        AdapterArchitecture.assertMainLinesAtMost(600); // 500 until cookie mode: Set-Cookie values and per-session expiry; 525: the body of a back-channel logout, read without blocking; 600: MicronautSessionGate, micronaut-session's filter skipped for a bearer request (its reactive chain was most of that request's cost)
    }
}
