package io.oidckit.bench.http;

import java.util.ArrayList;
import java.util.List;

/** The known benchmark apps, by class name; those whose class is on the classpath are available. */
public final class BenchApps {
    /** Name → class. Per-adapter apps live in benchmarks/adapters/NAME and are built by run.sh when the adapter exists. */
    public static final List<String> KNOWN = List.of(
            "io.oidckit.bench.http.ServletBenchApp",
            "io.oidckit.bench.spring.SpringBenchApp",
            "io.oidckit.bench.spring.SpringSecurityBenchApp",
            "io.oidckit.bench.micronaut.MicronautBenchApp",
            "io.oidckit.bench.micronautsession.MicronautSessionEverywhereBenchApp",
            "io.oidckit.bench.vertx.VertxBenchApp",
            "io.oidckit.bench.vertx.VertxOAuth2BenchApp");

    private BenchApps() {
    }

    public static BenchApp load(String className) throws ReflectiveOperationException {
        return (BenchApp) Class.forName(className).getDeclaredConstructor().newInstance();
    }

    /** The apps whose class is on this JVM's classpath. */
    public static List<String> available() {
        List<String> out = new ArrayList<>();
        for (String c : KNOWN) {
            try {
                Class.forName(c, false, BenchApps.class.getClassLoader());
                out.add(c);
            } catch (ClassNotFoundException | LinkageError e) {
                // not built in this run
            }
        }
        return out;
    }
}
