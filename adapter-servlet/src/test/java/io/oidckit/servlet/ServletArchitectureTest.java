package io.oidckit.servlet;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@DisplayName("The servlet adapter stays thin")
class ServletArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.oidckit.servlet");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter")
    void thin() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "com.nimbusds..", "io.oidckit.internal..", "io.oidckit.spring..", "io.oidckit.micronaut..", "io.oidckit.vertx..")
                .check(MAIN);
    }
}
