package io.oidckit.bench.jmh;

import com.nimbusds.jose.JWSAlgorithm;
import io.oidckit.bench.http.HttpBench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Item 1 cross-check that other processes on the machine cannot skew: the same two validators as
 * {@link IdTokenValidationBenchmark}, in alternating blocks on one thread, each block timed in this thread's CPU
 * time (not wall time). The ratio per adjacent pair is CPU(Nimbus) ÷ CPU(core) (read like throughput: 1.00 means
 * equal cost); the figure is the median over the pairs, with the interquartile range.
 *
 * <p>Usage: {@code IdTokenCpuTime OUT_MD PAIRS}.
 */
public final class IdTokenCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    private IdTokenCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = Integer.parseInt(args[1]);
        List<String> rows = new ArrayList<>();
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)) {
            IdTokenValidationBenchmark.Fixture f = IdTokenValidationBenchmark.Fixture.create(alg);
            Runnable core = () -> sink = f.core.validate(f.token, IdTokenValidationBenchmark.NONCE);
            Runnable nimbus = () -> {
                try {
                    sink = f.nimbus.process(f.token, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            // Warm-up, and a block size of about 20 ms of CPU.
            int n = 50;
            for (int i = 0; i < 6; i++) {
                block(core, n);
                block(nimbus, n);
            }
            long perOp = Math.max(1, block(nimbus, n) / n);
            n = (int) Math.max(20, 20_000_000L / perOp);
            for (int i = 0; i < 4; i++) {
                block(core, n);
                block(nimbus, n);
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> coreUs = new ArrayList<>(), nimbusUs = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                boolean coreFirst = p % 2 == 0;
                long a = block(coreFirst ? core : nimbus, n), b = block(coreFirst ? nimbus : core, n);
                long c = coreFirst ? a : b, m = coreFirst ? b : a;
                ratios.add((double) m / c);
                coreUs.add(c / 1000.0 / n);
                nimbusUs.add(m / 1000.0 / n);
            }
            ratios.sort(null);
            double med = HttpBench.median(ratios);
            rows.add(String.format(Locale.ROOT, "| ID token validation %s, core vs Nimbus DefaultJWTProcessor, thread CPU time, "
                            + "%d interleaved pairs of %d | %.1f vs %.1f µs CPU/validation | **%.3f** (IQR %.3f-%.3f) | >= 0.95 | %s |",
                    alg, pairs, n, HttpBench.median(coreUs), HttpBench.median(nimbusUs), med, ratios.get(pairs / 4),
                    ratios.get(3 * pairs / 4), med >= 0.95 ? "met" : "MISSED"));
        }
        Files.write(Path.of(args[0]), rows);
        rows.forEach(System.out::println);
    }

    private static long block(Runnable r, int n) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) r.run();
        return THREADS.getCurrentThreadCpuTime() - t0;
    }
}
