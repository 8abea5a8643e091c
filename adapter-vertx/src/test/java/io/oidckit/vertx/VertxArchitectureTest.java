package io.oidckit.vertx;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@DisplayName("The Vert.x adapter stays thin")
class VertxArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.oidckit.vertx");

    @Test
    @DisplayName("no protocol library, no core internals, no other adapter")
    void thin() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "com.nimbusds..", "io.oidckit.internal..", "io.oidckit.servlet..", "io.oidckit.spring..", "io.oidckit.micronaut..")
                .check(MAIN);
    }

    @Test
    @DisplayName("only Vert.x's public API: no impl or internal packages")
    void publicVertxOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx..internal..")
                .check(MAIN);
    }

    @Test
    @DisplayName("nothing that waits: no join, get, await or sleep")
    void neverWaits() {
        noClasses().should().callMethod(CompletableFuture.class, "join")
                .orShould().callMethod(CompletableFuture.class, "get")
                .orShould().callMethod(Future.class, "get")
                .orShould().callMethod(io.vertx.core.Future.class, "await")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .check(MAIN);
    }
}
