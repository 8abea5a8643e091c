package io.oidckit.tck;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction;
import io.oidckit.web.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture every adapter keeps, as ArchUnit rules over its main classes: an adapter translates I/O and
 * nothing else (docs/adapter-guide.md), so it uses no protocol library, none of the core's internals and no other
 * adapter, renders the core's outcomes in one place and, on an event loop, never waits. An adapter's architecture
 * test names its package once and checks the rules that apply to it:
 *
 * <pre>
 * &#64;DisplayName("My adapter stays thin")
 * class MyArchitectureTest {
 *     static final AdapterArchitecture MINE = AdapterArchitecture.of("com.example.oidc");
 *
 *     &#64;Test
 *     &#64;DisplayName("no protocol library, no core internals, no other adapter, no framework internals")
 *     void thin() {
 *         MINE.check(MINE.noProtocolLibrary(), MINE.noCoreInternals(), MINE.noOtherAdapter(), MINE.noFrameworkInternals());
 *     }
 *
 *     &#64;Test
 *     &#64;DisplayName("renders the core's outcomes in one place")
 *     void rendersInOnePlace() {
 *         MINE.check(MINE.rendersOutcomesInOnePlace(MyOidcHandler.class.getName()));
 *     }
 *
 *     &#64;Test
 *     &#64;DisplayName("nothing waits on the event loop")
 *     void neverBlocks() {
 *         MINE.check(MINE.neverBlocks());
 *     }
 * }
 * </pre>
 *
 * <p>Every rule is a plain {@link ArchRule} over the classes of the adapter's package (and its subpackages), so it
 * can be given a {@code because(...)}, checked against other classes, or used with ArchUnit's JUnit support. Its
 * failure names the offending class, member and line. {@link #check} checks rules against the adapter's main
 * classes, imported once from the class path without test classes, and reports every failing rule in one error; a
 * package without classes fails every rule rather than passing none.
 *
 * <p>Instances are immutable: {@link #allowing} returns a new one.
 */
public final class AdapterArchitecture {
    /**
     * The core's packages: the API applications use ({@code io.oidckit}), the web port adapters implement, the
     * settings table, and the internals (which only {@link #noCoreInternals()} speaks about).
     */
    static final List<String> CORE_PACKAGES = List.of("io.oidckit", "io.oidckit.web..", "io.oidckit.settings..",
            "io.oidckit.internal..");

    /** OAuth 2.0, OpenID Connect, JOSE and JWT libraries: the core's Nimbus, and every other that would do its job. */
    static final List<String> PROTOCOL_LIBRARIES = List.of("com.nimbusds..", "org.jose4j..", "io.jsonwebtoken..",
            "com.auth0.jwt..", "com.auth0.jwk..", "org.pac4j..", "org.springframework.security.oauth2..",
            "io.micronaut.security.oauth2..", "io.micronaut.security.token.jwt..", "io.vertx.ext.auth.oauth2..",
            "io.vertx.ext.auth.jwt..");

    private final String adapterPackage;
    private final Set<String> allowed;
    private final Supplier<JavaClasses> importer;
    private JavaClasses mainClasses;

    private AdapterArchitecture(String adapterPackage, Set<String> allowed, Supplier<JavaClasses> importer) {
        this.adapterPackage = adapterPackage;
        this.allowed = allowed;
        this.importer = importer;
    }

    /**
     * The architecture of the adapter whose main code is in {@code adapterPackage} and its subpackages, for example
     * {@code "io.oidckit.spring"}.
     */
    public static AdapterArchitecture of(String adapterPackage) {
        Objects.requireNonNull(adapterPackage, "adapterPackage");
        if (!adapterPackage.matches("[\\w$]+(\\.[\\w$]+)*")) {
            throw new IllegalArgumentException("a package name such as io.oidckit.spring, not: " + adapterPackage);
        }
        return new AdapterArchitecture(adapterPackage, Set.of(), () -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(adapterPackage));
    }

    /**
     * The same architecture, where {@link #noOtherAdapter()} and {@link #noFrameworkInternals()} let the adapter use
     * these classes, named exactly (their nested classes and the rest of their package stay forbidden). For an
     * adapter built on another one's shared code (Spring's uses {@code io.oidckit.servlet.ServletViews} and nothing
     * else of the servlet adapter), or a framework class with no public equivalent (Vert.x 5 sets a request's user
     * only through {@code io.vertx.ext.web.impl.UserContextInternal}, as its own authentication handlers do).
     */
    public AdapterArchitecture allowing(String... classNames) {
        Set<String> more = new TreeSet<>(allowed);
        for (String name : classNames) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a class name, not: " + name);
            more.add(name);
        }
        return new AdapterArchitecture(adapterPackage, Collections.unmodifiableSet(more), importer);
    }

    /** The same architecture over {@code classes} instead of the adapter's imported main classes: for the kit's own tests. */
    AdapterArchitecture over(JavaClasses classes) {
        return new AdapterArchitecture(adapterPackage, allowed, () -> classes);
    }

    /** The adapter's main classes: its package and subpackages on the class path, without test classes. */
    public synchronized JavaClasses mainClasses() {
        if (mainClasses == null) mainClasses = importer.get();
        return mainClasses;
    }

    /**
     * Checks every rule against {@link #mainClasses()}, and fails with one {@link AssertionError} holding the report
     * of each rule that is violated.
     */
    public void check(ArchRule... rules) {
        JavaClasses classes = mainClasses();
        List<String> failures = new ArrayList<>();
        for (ArchRule rule : rules) {
            try {
                rule.check(classes);
            } catch (AssertionError violated) {
                failures.add(violated.getMessage());
            }
        }
        if (!failures.isEmpty()) throw new AssertionError(String.join(System.lineSeparator().repeat(2), failures));
    }

    /**
     * No dependency on a protocol library: Nimbus (the core's), nor jose4j, jjwt, Auth0's JWT, pac4j, Spring
     * Security OAuth2, Micronaut Security's OAuth2 and JWT, or Vert.x's OAuth2 and JWT auth. Every protocol decision
     * is the core's; an adapter that needs one of these means the core lacks an API.
     */
    public ArchRule noProtocolLibrary() {
        return noClasses().that(inAdapter()).should().dependOnClassesThat()
                .resideInAnyPackage(PROTOCOL_LIBRARIES.toArray(String[]::new))
                .as("no class in " + adapterPackage + ".. uses a protocol library " + PROTOCOL_LIBRARIES)
                .because("every protocol decision is the core's: an adapter that needs a protocol library means the "
                        + "core lacks an API (ask for it)");
    }

    /**
     * No dependency on {@code io.oidckit.internal..}: an adapter uses the core's API ({@code io.oidckit}), its web
     * port ({@code io.oidckit.web}) and its settings table ({@code io.oidckit.settings}) only.
     */
    public ArchRule noCoreInternals() {
        return noClasses().that(inAdapter()).should().dependOnClassesThat().resideInAPackage("io.oidckit.internal..")
                .as("no class in " + adapterPackage + ".. uses the core's internals (io.oidckit.internal..)")
                .because("the core's internals change without notice: an adapter that needs one means the core lacks "
                        + "an API (ask for it)");
    }

    /**
     * No dependency on another oidckit module: any class in {@code io.oidckit..} outside the core's packages
     * ({@code io.oidckit}, {@code io.oidckit.web..}, {@code io.oidckit.settings..}, {@code io.oidckit.internal..})
     * and the adapter's own package, so every other adapter, present or future, the kit and the test provider; except
     * the classes named with {@link #allowing}.
     */
    public ArchRule noOtherAdapter() {
        String own = adapterPackage + "..";
        DescribedPredicate<JavaClass> other = resideInAPackage("io.oidckit..")
                .and(not(resideInAnyPackage(CORE_PACKAGES.toArray(String[]::new))))
                .and(not(resideInAPackage(own)))
                .and(not(describe("allowed", (JavaClass c) -> allowed.contains(c.getName()))))
                .as("another oidckit module (in io.oidckit.. but not the core's " + CORE_PACKAGES
                        + ", not " + own + (allowed.isEmpty() ? "" : ", not one of the allowed " + allowed) + ")");
        return noClasses().that(inAdapter()).should().dependOnClassesThat(other)
                .as("no class in " + own + " uses " + other.getDescription())
                .because("an adapter builds on the core alone; a class it shares with another adapter is named with "
                        + "AdapterArchitecture.allowing(...)");
    }

    /**
     * No dependency on a library's implementation packages ({@code ..impl..}, {@code ..internal..}, {@code sun..}):
     * only the framework's public API, the one its applications use ({@code io.oidckit.internal} is
     * {@link #noCoreInternals()}'s).
     */
    public ArchRule noFrameworkInternals() {
        return noClasses().that(inAdapter()).should().dependOnClassesThat(
                        resideInAnyPackage("..impl..", "..internal..", "sun..").and(not(resideInAPackage("io.oidckit..")))
                                .and(not(describe("allowed", (JavaClass c) -> allowed.contains(c.getName())))))
                .as("no class in " + adapterPackage + ".. uses a library's implementation packages (..impl.., ..internal.., sun..)")
                .because("a framework's implementation packages change in any release; its public API is what its "
                        + "users' code relies on too");
    }

    /**
     * The core's outcomes become responses in one class, {@code renderer} (with its nested classes, one source file):
     * <ul>
     *   <li>{@code renderer} is one of the adapter's classes and reads the answers (every {@link Outcome} but
     *       {@link Outcome.Continue}: {@code Redirect}, {@code Page}, {@code Json});</li>
     *   <li>no other class reads them (a {@code Continue}, which lets the request go on, may be handled anywhere);</li>
     *   <li>no other class sets a response status: calls {@code setStatus}, {@code setStatusCode}, {@code sendError},
     *       {@code sendRedirect} or {@code status(…)} on a type whose simple name ends with {@code Response}
     *       ({@code HttpServletResponse}, Spring's {@code ServerHttpResponse}, Vert.x's {@code HttpServerResponse},
     *       Micronaut's {@code MutableHttpResponse} and {@code HttpResponse});</li>
     *   <li>no other class uses the {@code answerTypes}, framework types through which the renderer writes answers
     *       (Spring's: {@code org.springframework.http.server.ServletServerHttpResponse}).</li>
     * </ul>
     */
    public ArchRule rendersOutcomesInOnePlace(String renderer, String... answerTypes) {
        Objects.requireNonNull(renderer, "renderer");
        DescribedPredicate<JavaClass> answers = answers();
        DescribedPredicate<JavaClass> inRenderer = describe("are " + renderer + " or nested in it",
                c -> c.getName().equals(renderer) || c.getName().startsWith(renderer + "$"));
        ArchRule renders = classes().that(inAdapter()).and().haveFullyQualifiedName(renderer)
                .should(readAnswers(answers))
                .as(renderer + " renders " + answers.getDescription().replaceFirst("^are ", ""))
                .because("the renderer named must be one of the adapter's classes, and render the core's answers");
        DescribedPredicate<JavaAccess<?>> setsStatus = setsStatus();
        ClassesShouldConjunction elsewhere = noClasses().that(inAdapter()).and(not(inRenderer))
                .should().dependOnClassesThat(answers)
                .orShould().accessTargetWhere(setsStatus);
        Set<String> types = Set.copyOf(Arrays.asList(answerTypes));
        if (!types.isEmpty()) {
            elsewhere = elsewhere.orShould().dependOnClassesThat(
                    describe("are the renderer's answer types " + types, c -> types.contains(c.getName())));
        }
        return CompositeArchRule.of(renders).and(elsewhere.allowEmptyShould(true)
                .as("no other class in " + adapterPackage + ".. reads those answers or " + setsStatus.getDescription()
                        + (types.isEmpty() ? "" : " or uses " + new TreeSet<>(types)))
                .because("every framework renders the same answer the same way when one place turns outcomes into "
                        + "responses"));
    }

    /**
     * The adapter's main sources, {@code src/main/java} of the module under test, hold at most {@code limit} lines
     * in all ({@code wc -l}: comments and imports count). An adapter translates; when it grows past its limit, the
     * core is missing something it should offer every adapter.
     */
    public static void assertMainLinesAtMost(int limit) {
        java.nio.file.Path root = java.nio.file.Path.of("src", "main", "java");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
            long lines = files.filter(f -> f.toString().endsWith(".java")).mapToLong(AdapterArchitecture::lines).sum();
            if (lines == 0) throw new AssertionError("no Java sources under " + root.toAbsolutePath());
            if (lines > limit) {
                throw new AssertionError("the adapter's main sources have " + lines + " lines, over its limit of "
                        + limit + ": move what every adapter needs into the core");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long lines(java.nio.file.Path file) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(file)) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * For an adapter built on another module's renderer (Spring MVC on the servlet adapter's {@code ServletViews}):
     * no class of the adapter reads the core's answers or sets a response status, so
     * {@code renderer} stays the one place where outcomes become responses.
     */
    public ArchRule rendersOutcomesThrough(String renderer) {
        DescribedPredicate<JavaAccess<?>> setsStatus = setsStatus();
        return noClasses().that(inAdapter()).should().dependOnClassesThat(answers())
                .orShould().accessTargetWhere(setsStatus)
                .as("no class in " + adapterPackage + ".. reads the core's answers or " + setsStatus.getDescription()
                        + ": " + renderer + " renders them")
                .because("every framework renders the same answer the same way when one place turns outcomes into "
                        + "responses");
    }

    /**
     * Names no status code anywhere, the renderer included: no status type ({@code HttpStatus} of Spring or
     * Micronaut, Netty's {@code HttpResponseStatus}), no {@code SC_} constant, no {@code setStatus}, {@code sendError}
     * or {@code sendRedirect} on the servlet response. For an adapter whose renderer hands the outcome's number to
     * the framework's own response as it is (Spring's {@code ServerHttpResponse} through {@code HttpStatusCode}, Vert.x's
     * {@code HttpServerResponse}); not for one whose renderer is the servlet response's {@code setStatus} (the
     * servlet adapter) or converts through {@code HttpStatus} (Micronaut's), which {@link #rendersOutcomesInOnePlace}
     * confines instead.
     *
     * <p>What bytecode cannot show: the servlet API's {@code SC_} fields are compile-time constants, which javac copies
     * into the caller, so a use of {@code HttpServletResponse.SC_FORBIDDEN} leaves no trace, nor does a literal
     * {@code 403}. Such a number can only reach the response through a setter, and this rule forbids the servlet's;
     * the {@code SC_} clause catches the fields that are read at run time.
     */
    public ArchRule choosesNoStatusCode() {
        DescribedPredicate<JavaClass> statusTypes = describe("are status types (HttpStatus, HttpResponseStatus)",
                c -> Set.of("HttpStatus", "HttpResponseStatus").contains(c.getSimpleName()));
        DescribedPredicate<JavaFieldAccess> constant = describe("the field is an SC_ status constant",
                a -> a.getTarget().getName().startsWith("SC_"));
        DescribedPredicate<JavaAccess<?>> servletSetter = target("setStatus, sendError or sendRedirect of the servlet response",
                t -> Set.of("setStatus", "sendError", "sendRedirect").contains(t.getName())
                        && (t.getOwner().isAssignableTo("jakarta.servlet.http.HttpServletResponse")
                        || t.getOwner().isAssignableTo("javax.servlet.http.HttpServletResponse")));
        return noClasses().that(inAdapter()).should().dependOnClassesThat(statusTypes)
                .orShould().accessFieldWhere(constant)
                .orShould().accessTargetWhere(servletSetter)
                .as("no class in " + adapterPackage + ".. names a status code: no status type (HttpStatus, "
                        + "HttpResponseStatus), no SC_ field, no setStatus, sendError or sendRedirect on the servlet response")
                .because("every status is the core's: the renderer passes the outcome's number to the framework as it is");
    }

    /**
     * Nothing waits, for an adapter on an event loop: no {@code join}, {@code get} or {@code sync} on a
     * {@code java.util.concurrent.Future} (a {@code CompletableFuture}, Netty's future), no {@code Thread.sleep} or
     * {@code Thread.join}, no {@code TimeUnit.sleep}, {@code Object.wait}, {@code LockSupport.park…},
     * {@code BlockingQueue.take} or {@code put}, {@code HttpClient.send}, and no method named {@code await…} or
     * {@code block…} on anything (Vert.x's {@code Future.await}, {@code CountDownLatch.await}, Reactor's
     * {@code block}, {@code blockFirst}). Calls and method references alike, anywhere in the adapter: code that runs
     * off the event loop today is one refactoring away from it. The core's stage is already complete unless the
     * provider is called: turn it into the framework's future and continue on the request's context.
     */
    public ArchRule neverBlocks() {
        DescribedPredicate<JavaAccess<?>> waits = target("waits (join, get or sync on a Future; Thread.sleep, Thread.join, "
                        + "TimeUnit.sleep, Object.wait, LockSupport.park, BlockingQueue.take or put, HttpClient.send; "
                        + "any await… or block…)", t -> {
            String name = t.getName();
            JavaClass owner = t.getOwner();
            boolean future = owner.isAssignableTo(java.util.concurrent.Future.class);
            return name.startsWith("await") || name.startsWith("block") || name.equals("wait")
                    || future && (name.equals("join") || name.equals("get") || name.startsWith("sync"))
                    || owner.isAssignableTo(Thread.class) && (name.equals("sleep") || name.equals("join"))
                    || owner.isEquivalentTo(java.util.concurrent.TimeUnit.class) && name.startsWith("sleep")
                    || owner.isEquivalentTo(java.util.concurrent.locks.LockSupport.class) && name.startsWith("park")
                    || owner.isAssignableTo(java.util.concurrent.BlockingQueue.class) && (name.equals("take") || name.equals("put"))
                    || owner.isAssignableTo("java.net.http.HttpClient") && name.equals("send");
        });
        return noClasses().that(inAdapter()).should().accessTargetWhere(waits)
                .as("no class in " + adapterPackage + ".. " + waits.getDescription())
                .because("on an event loop a wait freezes every other request: complete the request from the core's "
                        + "stage instead (docs/adapter-guide.md, \"The five jobs\")");
    }

    private DescribedPredicate<JavaClass> inAdapter() {
        return resideInAPackage(adapterPackage + "..").as("reside in " + adapterPackage + "..");
    }

    /** Every {@link Outcome} but {@link Outcome.Continue}: the answers an adapter writes. */
    private static DescribedPredicate<JavaClass> answers() {
        String names = Arrays.stream(Outcome.Answer.class.getPermittedSubclasses())
                .map(c -> "Outcome." + c.getSimpleName()).sorted().collect(Collectors.joining(", "));
        return describe("are the core's answers (" + names + ")", c -> c.isAssignableTo(Outcome.class)
                && !c.isEquivalentTo(Outcome.class) && !c.isAssignableTo(Outcome.Continue.class));
    }

    /** One line for a class that depends on none of {@code answers}, rather than ArchUnit's list of all it depends on. */
    private static ArchCondition<JavaClass> readAnswers(DescribedPredicate<JavaClass> answers) {
        String what = answers.getDescription().replaceFirst("^are ", "");
        return new ArchCondition<>("read " + what) {
            @Override
            public void check(JavaClass renderer, ConditionEvents events) {
                boolean reads = renderer.getDirectDependenciesFromSelf().stream()
                        .anyMatch(dependency -> answers.test(dependency.getTargetClass()));
                if (!reads) {
                    events.add(SimpleConditionEvent.violated(renderer, "Class <" + renderer.getName()
                            + "> reads none of " + what + ": it renders nothing"));
                }
            }
        };
    }

    /** A call of a status setter on a response type: see {@link #rendersOutcomesInOnePlace}. */
    private static DescribedPredicate<JavaAccess<?>> setsStatus() {
        DescribedPredicate<JavaClass> response = JavaClass.Predicates.assignableTo(
                describe("a response", (JavaClass c) -> c.getSimpleName().endsWith("Response")));
        return target("sets a response status (setStatus, setStatusCode, sendError, sendRedirect or status(…) on a …Response)",
                t -> (Set.of("setStatus", "setStatusCode", "sendError", "sendRedirect").contains(t.getName())
                        || t.getName().equals("status") && t instanceof AccessTarget.CodeUnitAccessTarget unit
                        && !unit.getRawParameterTypes().isEmpty())
                        && response.test(t.getOwner()));
    }

    /** Accesses (calls, method references, field accesses) whose target is a member matching {@code test}. */
    private static DescribedPredicate<JavaAccess<?>> target(String description, Predicate<AccessTarget> test) {
        return describe(description, access -> test.test(access.getTarget()));
    }
}
