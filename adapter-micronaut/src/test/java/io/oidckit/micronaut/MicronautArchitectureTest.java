package io.oidckit.micronaut;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@DisplayName("The Micronaut adapter stays thin")
class MicronautArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.oidckit.micronaut");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter")
    void thin() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.nimbusds..", "io.oidckit.internal..", "io.oidckit.servlet..", "io.oidckit.spring..",
                        "io.oidckit.vertx..")
                .check(MAIN);
    }

    @Test
    @DisplayName("nothing blocks: no join, get or blocking Reactor call on a future or publisher")
    void nonBlocking() {
        noClasses().should().callMethod(java.util.concurrent.CompletableFuture.class, "join")
                .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "get")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith("block")))
                .check(MAIN);
    }

    @Test
    @DisplayName("the public API is the annotation and the user accessor; the rest is package-private")
    void smallApi() {
        // Micronaut's generated bean definitions ($...$Definition) are public by necessity and not API.
        classes().that().arePublic().and().areTopLevelClasses().and().haveNameNotMatching(".*\\.\\$.*")
                .should().haveFullyQualifiedName(MicronautOidc.class.getName())
                .orShould().haveFullyQualifiedName(OidcRequireRole.class.getName())
                .check(MAIN);
    }
}
