package io.oidckit.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The protected route of {@link SignedInCheckBenchmark} with {@value SignedInCheckBenchmark#REVOCATIONS} known
 * back-channel logouts of other users against the same route with none, in alternating blocks timed in thread CPU
 * time ({@link CpuPairs}): the difference is a few nanoseconds, well inside the spread between JMH forks, so only
 * interleaving on one thread measures it. Target ≥ 0.95.
 *
 * <p>Usage: {@code RevocationsCpuTime OUT_MD [PAIRS]}.
 */
public final class RevocationsCpuTime {
    private static volatile Object sink;

    private RevocationsCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        SignedInCheckBenchmark b = new SignedInCheckBenchmark();
        b.setUp();
        try {
            // Compiled before measuring, as JMH's warm-up does: CpuPairs' own warm-up is sized for microsecond work.
            for (int i = 0; i < 300_000; i++) {
                sink = b.signedInProtectedRevocations();
                sink = b.signedInProtected();
            }
            CpuPairs.Result r = CpuPairs.measure(() -> sink = b.signedInProtectedRevocations(), () -> sink = b.signedInProtected(), pairs);
            String row = String.format(Locale.ROOT, "| core per-request path: a protected route with %,d back-channel logouts of "
                            + "other users known, thread CPU time, %d interleaved pairs of %d | %.0f ns vs %.0f ns with none "
                            + "| **%.3f** (IQR %.3f-%.3f) of the throughput with none | >= 0.95 | %s |",
                    SignedInCheckBenchmark.REVOCATIONS, r.pairs(), r.blockSize(), r.coreUs() * 1000, r.baselineUs() * 1000,
                    r.median(), r.q1(), r.q3(), r.median() >= 0.95 ? "met" : "MISSED");
            Files.write(Path.of(args[0]), List.of(row));
            System.out.println(row);
        } finally {
            b.tearDown();
        }
    }
}
