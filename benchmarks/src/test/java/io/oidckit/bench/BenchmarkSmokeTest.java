package io.oidckit.bench;

import com.nimbusds.jose.JWSAlgorithm;
import io.oidckit.bench.jmh.IdTokenValidationBenchmark;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs during {@code mvn verify}: no timing at all, only that both sides of the item-1 comparison accept the same
 * token and see the same claims, so the benchmark compares equal work. The benchmarks themselves run from run.sh.
 */
class BenchmarkSmokeTest {
    @Test
    void coreAndNimbusAcceptTheSameToken() throws Exception {
        for (JWSAlgorithm alg : new JWSAlgorithm[]{JWSAlgorithm.RS256, JWSAlgorithm.ES256}) {
            IdTokenValidationBenchmark.Fixture f = IdTokenValidationBenchmark.Fixture.create(alg);
            Map<String, Object> core = f.core.validate(f.token, IdTokenValidationBenchmark.NONCE);
            assertEquals("alice", core.get("sub"));
            assertEquals("alice", f.nimbus.process(f.token, null).getSubject());
        }
    }
}
