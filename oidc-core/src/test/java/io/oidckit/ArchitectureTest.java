package io.oidckit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@DisplayName("Architecture of the core")
class ArchitectureTest {
    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.oidckit");

    @Test
    @DisplayName("the core knows no web framework")
    void noFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "jakarta.servlet..", "javax.servlet..", "org.springframework..", "io.micronaut..", "io.vertx..",
                "io.netty..", "org.eclipse.jetty..", "org.apache.catalina..")
                .check(CORE);
    }

    @Test
    @DisplayName("the web port (what adapters implement) does not reach into the internals")
    void portIsClean() {
        noClasses().that().resideInAPackage("io.oidckit.web..")
                .should().dependOnClassesThat().resideInAPackage("io.oidckit.internal..")
                .check(CORE);
    }

    @Test
    @DisplayName("the web port does not expose Nimbus types to adapters")
    void portHasNoNimbus() {
        noClasses().that().resideInAPackage("io.oidckit.web..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                .check(CORE);
    }
}
