package io.oidckit.bench.jmh;

import com.nimbusds.jose.JWSAlgorithm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Item 1 cross-check that other processes on the machine cannot skew: the same two validators as
 * {@link IdTokenValidationBenchmark}, compared in thread CPU time by {@link CpuPairs}.
 *
 * <p>Usage: {@code IdTokenCpuTime OUT_MD PAIRS}.
 */
public final class IdTokenCpuTime {
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
            rows.add(CpuPairs.measure(core, nimbus, pairs).row("ID token validation " + alg
                    + ", core vs Nimbus DefaultJWTProcessor", 0.95));
        }
        Files.write(Path.of(args[0]), rows);
        rows.forEach(System.out::println);
    }
}
