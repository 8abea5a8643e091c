package io.oidckit;

import io.oidckit.web.RelyingParty;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
    @DisplayName("the settings table stands alone: it knows nothing of the configuration it feeds")
    void settingsStandAlone() {
        noClasses().that().resideInAPackage("io.oidckit.settings..")
                .should().dependOnClassesThat().resideInAnyPackage("io.oidckit", "io.oidckit.internal..", "io.oidckit.web..")
                .check(CORE);
    }

    @Test
    @DisplayName("no source file of the core is over 300 lines: a class that grows is split by concern")
    void smallClasses() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src", "main", "java"))) {
            java.util.List<String> large = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > 300).map(f -> f + ": " + lines(f)).toList();
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), large);
        }
    }

    private static long lines(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllLines(file).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("the web port does not expose Nimbus types to adapters")
    void portHasNoNimbus() {
        noClasses().that().resideInAPackage("io.oidckit.web..")
                .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
                .check(CORE);
    }

    @Test
    @DisplayName("no package of the core forms a cycle with another: the port reaches its implementation through ServiceLoader")
    void noPackageCycle() {
        slices().assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {
            @Override
            public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(com.tngtech.archunit.core.domain.JavaClass c) {
                return c.getPackageName().startsWith("io.oidckit")
                        ? com.tngtech.archunit.library.dependencies.SliceIdentifier.of(c.getPackageName())
                        : com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of the core";
            }
        }).should().beFreeOfCycles().check(CORE);
    }

    @Test
    @DisplayName("the API, the port and the settings never reach the flows, the provider client, the tokens or the sessions")
    void apiAboveNothingButHelpers() {
        noClasses().that().resideInAnyPackage("io.oidckit", "io.oidckit.web", "io.oidckit.settings")
                .should().dependOnClassesThat().resideInAnyPackage("io.oidckit.internal.(*)..")
                .check(CORE);
        noClasses().that().resideInAPackage("io.oidckit.internal")
                .should().dependOnClassesThat().resideInAnyPackage("io.oidckit", "io.oidckit.web", "io.oidckit.internal.(*)..")
                .because("the shared helpers are the bottom layer").check(CORE);
    }

    @Test
    @DisplayName("the internal packages (flows, provider, tokens, sessions) form no cycle: each concern has one direction")
    void internalsAcyclic() {
        slices().matching("io.oidckit.internal.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    @DisplayName("the provider client, the token verifiers and bearer tokens know nothing of flows or of the web port, and sessions nothing of the provider")
    void layers() {
        noClasses().that().resideInAnyPackage("io.oidckit.internal.provider..", "io.oidckit.internal.tokens..",
                        "io.oidckit.internal.sessions..", "io.oidckit.internal.bearer..")
                .should().dependOnClassesThat().resideInAPackage("io.oidckit.internal.flows..").check(CORE);
        // Who a bearer token stands for is decided without the request, the session or the answers.
        noClasses().that().resideInAPackage("io.oidckit.internal.bearer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.oidckit.web..", "io.oidckit.internal.sessions..")
                .check(CORE);
        noClasses().that().resideInAPackage("io.oidckit.internal.sessions..")
                .should().dependOnClassesThat().resideInAPackage("io.oidckit.internal.provider..").check(CORE);
        // What is said to the provider and what tokens mean do not depend on HTTP requests or sessions.
        noClasses().that().resideInAnyPackage("io.oidckit.internal.provider..", "io.oidckit.internal.tokens..")
                .should().dependOnClassesThat().resideInAPackage("io.oidckit.web..")
                .orShould().dependOnClassesThat().haveSimpleName("RelyingParty").check(CORE);
    }

    @Test
    @DisplayName("the public API and the port never hand out an internal or a Nimbus type")
    void noLeaks() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAnyPackage("io.oidckit", "io.oidckit.web")
                .should().haveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe("an internal or Nimbus type",
                        (com.tngtech.archunit.core.domain.JavaClass c) ->
                                c.getPackageName().startsWith("io.oidckit.internal") || c.getPackageName().startsWith("com.nimbusds"))
                        .negate())
                .check(CORE);
    }
}
