package io.oidckit.bench.http;

/** Prints the class names of the {@link BenchApp}s on this classpath, one a line (used by run.sh). */
public final class ListApps {
    private ListApps() {
    }

    public static void main(String[] args) {
        BenchApps.available().forEach(System.out::println);
    }
}
