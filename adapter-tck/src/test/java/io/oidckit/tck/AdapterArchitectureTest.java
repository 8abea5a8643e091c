package io.oidckit.tck;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.oidckit.web.RelyingParty;
import io.oidckit.tck.fixtures.adapter.BlockingFixtures;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.NormalisesPaths;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.ParsesTokens;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.UsesFrameworkImpl;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.UsesOtherFilter;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.UsesOtherViews;
import io.oidckit.tck.fixtures.adapter.DependencyFixtures.UsesTheKit;
import io.oidckit.tck.fixtures.adapter.FrameworkRenderer;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures.NamesAStatus;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures.ReadsAPage;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures.ReadsAStatusField;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures.ServletStatusMethods;
import io.oidckit.tck.fixtures.adapter.RenderingFixtures.WrapsTheResponse;
import io.oidckit.tck.fixtures.adapter.ServletRenderer;
import io.oidckit.tck.fixtures.adapter.ThinHandler;
import io.oidckit.tck.fixtures.otheradapter.OtherViews;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule of {@link AdapterArchitecture} fails for a class that breaks it, naming that class, and passes for
 * one that keeps it. The classes are the pretend adapter of {@code io.oidckit.tck.fixtures.adapter}.
 */
@DisplayName("AdapterArchitecture")
class AdapterArchitectureTest {
    static final String FIXTURES = "io.oidckit.tck.fixtures.adapter";
    static final AdapterArchitecture ADAPTER = AdapterArchitecture.of(FIXTURES);

    /** The message an adapter's test fails with when {@code rule} is checked against {@code classes}. */
    static String violation(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return assertThrows(AssertionError.class, () -> rule.check(imported),
                () -> rule.getDescription() + " passed for " + java.util.Arrays.toString(classes)).getMessage();
    }

    static void passes(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        assertDoesNotThrow(() -> rule.check(imported));
    }

    static void assertMentions(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "no " + part + " in:\n" + message);
    }

    @Nested
    @DisplayName("noProtocolLibrary()")
    class NoProtocolLibrary {
        @Test
        @DisplayName("reports a class that reads the ID token with Nimbus, and says why")
        void nimbus() {
            assertMentions(violation(ADAPTER.noProtocolLibrary(), ParsesTokens.class),
                    ParsesTokens.class.getName(), "com.nimbusds.jwt.JWTParser", "the core lacks an API");
        }

        @Test
        @DisplayName("passes a class on the core's API, port and settings")
        void core() {
            passes(ADAPTER.noProtocolLibrary(), ThinHandler.class);
        }
    }

    @Nested
    @DisplayName("noCoreInternals()")
    class NoCoreInternals {
        @Test
        @DisplayName("reports a class that uses io.oidckit.internal")
        void internal() {
            assertMentions(violation(ADAPTER.noCoreInternals(), NormalisesPaths.class),
                    NormalisesPaths.class.getName(), "io.oidckit.internal.Paths");
        }

        @Test
        @DisplayName("passes a class on the core's API, port and settings")
        void core() {
            passes(ADAPTER.noCoreInternals(), ThinHandler.class);
        }
    }

    @Nested
    @DisplayName("noOtherAdapter()")
    class NoOtherAdapter {
        @Test
        @DisplayName("reports a class that uses another adapter, and says how to share a class")
        void otherAdapter() {
            assertMentions(violation(ADAPTER.noOtherAdapter(), UsesOtherViews.class),
                    UsesOtherViews.class.getName(), OtherViews.class.getName(), "allowing(");
        }

        @Test
        @DisplayName("passes the other adapter's classes allowed by name, and only those")
        void allowed() {
            AdapterArchitecture sharing = ADAPTER.allowing(OtherViews.class.getName());
            passes(sharing.noOtherAdapter(), UsesOtherViews.class);
            String message = violation(sharing.noOtherAdapter(), UsesOtherFilter.class);
            assertMentions(message, UsesOtherFilter.class.getName(), "OtherFilter.filter(");
            assertFalse(message.contains("OtherViews.view("), message);
        }

        @Test
        @DisplayName("reports any other oidckit module, not only the adapters it knows: here the kit in main code")
        void anyModule() {
            assertMentions(violation(ADAPTER.noOtherAdapter(), UsesTheKit.class),
                    UsesTheKit.class.getName(), TckPages.class.getName());
        }

        @Test
        @DisplayName("passes a class on the core's API, port and settings")
        void core() {
            passes(ADAPTER.noOtherAdapter(), ThinHandler.class);
        }
    }

    @Nested
    @DisplayName("noFrameworkInternals()")
    class NoFrameworkInternals {
        @Test
        @DisplayName("reports a class that uses a framework's impl package")
        void impl() {
            assertMentions(violation(ADAPTER.noFrameworkInternals(), UsesFrameworkImpl.class),
                    UsesFrameworkImpl.class.getName(), "org.example.framework.impl.EventLoopImpl");
        }

        @Test
        @DisplayName("passes a class on the framework's public API")
        void publicApi() {
            passes(ADAPTER.noFrameworkInternals(), ThinHandler.class);
        }
    }

    @Nested
    @DisplayName("rendersOutcomesInOnePlace(renderer)")
    class RendersOutcomesInOnePlace {
        @Test
        @DisplayName("passes a renderer of answers next to a class that handles only Continue, the servlet way or the framework's")
        void onePlace() {
            passes(ADAPTER.rendersOutcomesInOnePlace(ServletRenderer.class.getName()), ServletRenderer.class, ThinHandler.class);
            passes(ADAPTER.rendersOutcomesInOnePlace(FrameworkRenderer.class.getName()), FrameworkRenderer.class, ThinHandler.class);
        }

        @Test
        @DisplayName("reports a class that reads an answer outside the renderer")
        void readsAnAnswer() {
            assertMentions(violation(ADAPTER.rendersOutcomesInOnePlace(ServletRenderer.class.getName()),
                    ServletRenderer.class, ReadsAPage.class), ReadsAPage.class.getName(), "Outcome$Page");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SetsAServletStatus", "SetsAFrameworkStatus", "SetsAStatusByReference"})
        @DisplayName("reports a class that sets a response status outside the renderer, called or referenced")
        void setsAStatus(String fixture) throws ClassNotFoundException {
            Class<?> offender = Class.forName(RenderingFixtures.class.getName() + "$" + fixture);
            assertMentions(violation(ADAPTER.rendersOutcomesInOnePlace(ServletRenderer.class.getName()),
                    ServletRenderer.class, offender), offender.getName(), "setStatus");
        }

        @Test
        @DisplayName("reports a class that uses the renderer's answer types, when named")
        void answerTypes() {
            String wrapper = HttpServletResponseWrapper.class.getName();
            passes(ADAPTER.rendersOutcomesInOnePlace(ServletRenderer.class.getName()), ServletRenderer.class, WrapsTheResponse.class);
            assertMentions(violation(ADAPTER.rendersOutcomesInOnePlace(ServletRenderer.class.getName(), wrapper),
                    ServletRenderer.class, WrapsTheResponse.class), WrapsTheResponse.class.getName(), wrapper);
        }

        @Test
        @DisplayName("reports a renderer that is not among the adapter's classes, rather than passing")
        void missingRenderer() {
            assertMentions(violation(ADAPTER.rendersOutcomesInOnePlace(FIXTURES + ".NoSuchRenderer"),
                    ServletRenderer.class, ThinHandler.class), FIXTURES + ".NoSuchRenderer");
        }

        @Test
        @DisplayName("reports a renderer that renders no answer")
        void rendersNothing() {
            assertMentions(violation(ADAPTER.rendersOutcomesInOnePlace(ThinHandler.class.getName()), ThinHandler.class),
                    ThinHandler.class.getName(), "reads none of the core's answers (Outcome.Json, Outcome.Page, Outcome.Redirect): it renders nothing");
        }
    }

    @Nested
    @DisplayName("rendersOutcomesThrough(renderer)")
    class RendersOutcomesThrough {
        @Test
        @DisplayName("passes an adapter whose classes handle only Continue, rendering through another module")
        void passes() {
            AdapterArchitectureTest.passes(ADAPTER.rendersOutcomesThrough("org.example.OtherModuleRenderer"), ThinHandler.class);
        }

        @Test
        @DisplayName("reports a class of the adapter that reads an answer or sets a status")
        void reports() {
            assertMentions(violation(ADAPTER.rendersOutcomesThrough("org.example.OtherModuleRenderer"), ThinHandler.class,
                    ReadsAPage.class), ReadsAPage.class.getName(), "Outcome$Page", "org.example.OtherModuleRenderer");
            assertMentions(violation(ADAPTER.rendersOutcomesThrough("org.example.OtherModuleRenderer"),
                    RenderingFixtures.SetsAServletStatus.class), RenderingFixtures.SetsAServletStatus.class.getName(), "setStatus");
        }
    }

    @Nested
    @DisplayName("choosesNoStatusCode()")
    class ChoosesNoStatusCode {
        @Test
        @DisplayName("passes a renderer that hands the outcome's number to the framework's response")
        void passesTheNumber() {
            passes(ADAPTER.choosesNoStatusCode(), FrameworkRenderer.class, ThinHandler.class);
        }

        @Test
        @DisplayName("reports a class that names a status of a status type")
        void statusType() {
            assertMentions(violation(ADAPTER.choosesNoStatusCode(), NamesAStatus.class),
                    NamesAStatus.class.getName(), "org.example.framework.HttpStatus");
        }

        @Test
        @DisplayName("reports a class that reads an SC_ field (javac copies the servlet API's constants: see Codes)")
        void scField() {
            assertMentions(violation(ADAPTER.choosesNoStatusCode(), ReadsAStatusField.class),
                    ReadsAStatusField.class.getName(), "SC_TEAPOT");
        }

        @Test
        @DisplayName("reports setStatus, sendError and sendRedirect on the servlet response, even in a renderer")
        void servletMethods() {
            assertMentions(violation(ADAPTER.choosesNoStatusCode(), ServletStatusMethods.class),
                    ServletStatusMethods.class.getName(), "setStatus(int)", "sendError(int)", "sendRedirect(java.lang.String)");
            assertMentions(violation(ADAPTER.choosesNoStatusCode(), ServletRenderer.class), ServletRenderer.class.getName());
        }
    }

    @Nested
    @DisplayName("neverBlocks()")
    class NeverBlocks {
        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', value = {
                "JoinsAFuture        | calls method <java.util.concurrent.CompletableFuture.join()>",
                "JoinsByReference    | references method <java.util.concurrent.CompletableFuture.join()>",
                "GetsAFuture         | <java.util.concurrent.Future.get(long, java.util.concurrent.TimeUnit)>",
                "Sleeps              | <java.lang.Thread.sleep(long)>",
                "SleepsInAUnit       | <java.util.concurrent.TimeUnit.sleep(long)>",
                "AwaitsAPromise      | <org.example.framework.Promise.await()>",
                "BlocksOnAPublisher  | <org.example.framework.Publisher.blockFirst()>",
                "AwaitsALatch        | <java.util.concurrent.CountDownLatch.await()>",
                "WaitsOnAMonitor     | <java.lang.Object.wait(long)>",
                "TakesFromAQueue     | <java.util.concurrent.BlockingQueue.take()>",
                "SendsSynchronously  | <java.net.http.HttpClient.send("})
        @DisplayName("reports a class that waits")
        void waits(String fixture, String wait) throws ClassNotFoundException {
            Class<?> offender = Class.forName(BlockingFixtures.class.getName() + "$" + fixture);
            assertMentions(violation(ADAPTER.neverBlocks(), offender), offender.getName(), wait, "event loop");
        }

        @Test
        @DisplayName("passes a class that goes on from the stage and the framework's future without waiting")
        void goesOn() {
            passes(ADAPTER.neverBlocks(), ThinHandler.class, FrameworkRenderer.class);
        }
    }

    @Nested
    @DisplayName("check(rules)")
    class Check {
        @Test
        @DisplayName("reports every failing rule at once, each naming its offender")
        void everyFailure() {
            AdapterArchitecture adapter = ADAPTER.over(new ClassFileImporter()
                    .importClasses(ParsesTokens.class, NormalisesPaths.class, ThinHandler.class));
            String message = assertThrows(AssertionError.class, () -> adapter.check(adapter.noProtocolLibrary(),
                    adapter.noCoreInternals(), adapter.neverBlocks())).getMessage();
            assertMentions(message, ParsesTokens.class.getName(), "com.nimbusds", NormalisesPaths.class.getName(),
                    "io.oidckit.internal");
        }

        @Test
        @DisplayName("passes when every rule holds")
        void allHold() {
            AdapterArchitecture adapter = ADAPTER.over(new ClassFileImporter()
                    .importClasses(ThinHandler.class, FrameworkRenderer.class));
            adapter.check(adapter.noProtocolLibrary(), adapter.noCoreInternals(), adapter.noOtherAdapter(),
                    adapter.noFrameworkInternals(), adapter.rendersOutcomesInOnePlace(FrameworkRenderer.class.getName()),
                    adapter.choosesNoStatusCode(), adapter.neverBlocks());
        }

        @Test
        @DisplayName("fails for a package without main classes (a typo, or tests only) rather than passing")
        void noClasses() {
            // The fixtures are test classes, which the import leaves out.
            assertMentions(assertThrows(AssertionError.class, () -> ADAPTER.check(ADAPTER.noProtocolLibrary())).getMessage(),
                    "failed to check any classes");
        }

        @Test
        @DisplayName("refuses what is not a package name")
        void notAPackage() {
            assertThrows(IllegalArgumentException.class, () -> AdapterArchitecture.of("io.oidckit.spring.."));
        }
    }

    @Test
    @DisplayName("the core's packages it knows are the packages of the core's jar: a new core package is not taken for another module")
    void corePackages() throws URISyntaxException, IOException {
        Path location = Path.of(RelyingParty.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaClasses core;
        if (Files.isDirectory(location)) {
            core = new ClassFileImporter().importPath(location);
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                core = new ClassFileImporter().importJar(jar);
            }
        }
        classes().should().resideInAnyPackage(AdapterArchitecture.CORE_PACKAGES.toArray(String[]::new)).check(core);
        for (String pkg : AdapterArchitecture.CORE_PACKAGES) {
            classes().that().resideInAPackage(pkg).should().resideInAPackage("io.oidckit..").check(core); // not empty
        }
    }
}
