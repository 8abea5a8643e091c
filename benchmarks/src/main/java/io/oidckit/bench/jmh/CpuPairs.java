package io.oidckit.bench.jmh;

import io.oidckit.bench.http.HttpBench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two ways of doing the same work, in alternating blocks on one thread, each block timed in this thread's CPU time
 * (not wall time), so other processes on the machine cannot skew the ratio. The ratio per adjacent pair is
 * CPU(baseline) ÷ CPU(core) (read like throughput: 1.00 means equal cost); the figure is the median over the pairs,
 * with the interquartile range.
 */
final class CpuPairs {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    record Result(int pairs, int blockSize, double coreUs, double baselineUs, double median, double q1, double q3) {
        /** A summary row: {@code what}, the costs, the ratio and its IQR, the target and whether it is met. */
        String row(String what, double target) {
            return String.format(Locale.ROOT, "| %s, thread CPU time, %d interleaved pairs of %d | %.1f vs %.1f µs CPU/validation "
                            + "| **%.3f** (IQR %.3f-%.3f) | >= %.2f | %s |", what, pairs, blockSize, coreUs, baselineUs, median,
                    q1, q3, target, median >= target ? "met" : "MISSED");
        }
    }

    private CpuPairs() {
    }

    static Result measure(Runnable core, Runnable baseline, int pairs) {
        // Warm-up, and a block size of about 20 ms of CPU.
        int n = 50;
        for (int i = 0; i < 6; i++) {
            block(core, n);
            block(baseline, n);
        }
        long perOp = Math.max(1, block(baseline, n) / n);
        n = (int) Math.max(20, 20_000_000L / perOp);
        for (int i = 0; i < 4; i++) {
            block(core, n);
            block(baseline, n);
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> coreUs = new ArrayList<>(), baseUs = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            boolean coreFirst = p % 2 == 0;
            long a = block(coreFirst ? core : baseline, n), b = block(coreFirst ? baseline : core, n);
            long c = coreFirst ? a : b, m = coreFirst ? b : a;
            ratios.add((double) m / c);
            coreUs.add(c / 1000.0 / n);
            baseUs.add(m / 1000.0 / n);
        }
        ratios.sort(null);
        return new Result(pairs, n, HttpBench.median(coreUs), HttpBench.median(baseUs), HttpBench.median(ratios),
                ratios.get(pairs / 4), ratios.get(3 * pairs / 4));
    }

    private static long block(Runnable r, int n) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) r.run();
        return THREADS.getCurrentThreadCpuTime() - t0;
    }
}
