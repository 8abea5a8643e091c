package io.oidckit.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServerHttpResponse;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@DisplayName("The Spring adapter stays thin")
class SpringArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.oidckit.spring");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter but the servlet views it builds on")
    void thin() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "com.nimbusds..", "io.oidckit.internal..", "io.oidckit.micronaut..", "io.oidckit.vertx..")
                .check(MAIN);
        // The servlet family's shared views, and the attribute name they set; never the servlet filter's behaviour.
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.oidckit.servlet..")
                                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name(
                                                "io.oidckit.servlet.ServletViews"))))
                .check(MAIN);
    }

    @Test
    @DisplayName("chooses no status code: no HttpStatus, no SC_ constants, no setStatus or sendError")
    void noStatusChoices() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.HttpStatus")
                .check(MAIN);
        noClasses().should().accessFieldWhere(target(owner(assignableTo(HttpServletResponse.class)))
                        .and(target(nameMatching("SC_.*"))))
                .check(MAIN);
        noClasses().should().callMethodWhere(target(owner(assignableTo(HttpServletResponse.class)))
                        .and(target(nameMatching("setStatus|sendError|sendRedirect"))))
                .check(MAIN);
    }

    @Test
    @DisplayName("renders the core's outcomes in one place")
    void onePlaceRenders() {
        noClasses().that().doNotHaveSimpleName("SpringOidcResponses")
                .should().callMethodWhere(target(owner(assignableTo(ServerHttpResponse.class)))
                        .and(target(nameMatching("setStatusCode"))))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.server.ServletServerHttpResponse")
                .check(MAIN);
    }
}
