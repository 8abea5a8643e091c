package io.oidckit.bench.jmh;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH's JSON result of {@link SignedInCheckBenchmark} and writes its rows: nanoseconds per signed-in check
 * (target at most 1 µs) and each case as a ratio to the anonymous public visit of the same run.
 *
 * <p>Usage: {@code SignedInSummary JMH_JSON OUT_MD}.
 */
public final class SignedInSummary {
    private SignedInSummary() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
        Map<String, double[]> ns = new HashMap<>();
        for (Object o : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse("{\"r\":" + json + "}"), "r")) {
            Map<String, Object> run = (Map<String, Object>) o;
            Map<String, Object> m = (Map<String, Object>) run.get("primaryMetric");
            Object err = m.get("scoreError");
            ns.put(((String) run.get("benchmark")).replaceAll(".*\\.", ""), new double[]{((Number) m.get("score")).doubleValue(),
                    err instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0});
        }
        double[] base = ns.get("anonymousPublic");
        List<String> rows = new ArrayList<>();
        for (String[] c : new String[][]{{"signedInProtected", "a protected route (exact rule), signed in"},
                {"signedInRole", "a route needing a role the user has"}, {"signedInPublic", "a public route, signed in"},
                {"cookieProtected", "a protected route, signed in, cookie session mode (the sealed cookie read from a new header string)"}}) {
            double[] v = ns.get(c[0]);
            if (v == null || base == null) continue;
            boolean target = !c[0].equals("signedInPublic") && !c[0].equals("cookieProtected");
            rows.add(String.format(Locale.ROOT, "| core per-request path: %s (JMH, through RelyingParty.handle) | %.0f ± %.0f ns "
                            + "(anonymous public visit %.0f ns) | **%.2f** of the anonymous visit | %s | %s |", c[1], v[0], v[1],
                    base[0], v[0] / base[0], target ? "<= 1000 ns" : "for information",
                    target ? (v[0] <= 1000 ? "met" : "MISSED") : ""));
        }
        double[] none = ns.get("signedInProtected"), revoked = ns.get("signedInProtectedRevocations");
        if (none != null && revoked != null) {
            double ratio = none[0] / revoked[0];
            // For information: the difference is within JMH's spread; RevocationsCpuTime measures it against the target.
            rows.add(String.format(Locale.ROOT, "| core per-request path: a protected route with %,d back-channel logouts of "
                            + "other users known (JMH) | %.0f ± %.0f ns (none known: %.0f ns) | %.2f of the throughput with none "
                            + "| for information (see the CPU-time row) | |", SignedInCheckBenchmark.REVOCATIONS, revoked[0],
                    revoked[1], none[0], ratio));
        }
        Files.write(Path.of(args[1]), rows);
        rows.forEach(System.out::println);
    }
}
