package io.oidckit.bench.jmh;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH's JSON result of {@link IdTokenValidationBenchmark} and writes the item-1 rows: core ÷ Nimbus per
 * algorithm, side by side (the {@code pair} group, primary) and one after the other (cross-check), with JMH's
 * 99.9% error bars and the ratio's range implied by them.
 *
 * <p>Usage: {@code JmhSummary JMH_JSON OUT_MD}.
 */
public final class JmhSummary {
    private JmhSummary() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
        List<Object> runs = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse("{\"r\":" + json + "}"), "r");
        Map<String, double[]> scores = new LinkedHashMap<>(); // "alg method" -> {score, error}
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            String method = ((String) run.get("benchmark")).replaceAll(".*\\.", "");
            String alg = (String) ((Map<String, Object>) run.get("params")).get("alg");
            if (method.equals("pair")) {
                Map<String, Object> secondary = (Map<String, Object>) run.get("secondaryMetrics");
                for (Map.Entry<String, Object> e : secondary.entrySet()) {
                    scores.put(alg + " " + e.getKey(), metric((Map<String, Object>) e.getValue()));
                }
            } else {
                scores.put(alg + " " + method, metric((Map<String, Object>) run.get("primaryMetric")));
            }
        }
        List<String> rows = new ArrayList<>();
        for (String alg : List.of("RS256", "ES256")) {
            row(rows, alg, "side by side", scores.get(alg + " pairCore"), scores.get(alg + " pairNimbus"), true);
            row(rows, alg, "one after the other", scores.get(alg + " core"), scores.get(alg + " nimbus"), false);
        }
        Files.write(Path.of(args[1]), rows);
        rows.forEach(System.out::println);
    }

    private static double[] metric(Map<String, Object> m) {
        double score = ((Number) m.get("score")).doubleValue();
        Object err = m.get("scoreError");
        double error = err instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
        return new double[]{score, error};
    }

    private static void row(List<String> rows, String alg, String how, double[] core, double[] nimbus, boolean primary) {
        if (core == null || nimbus == null) return;
        double ratio = core[0] / nimbus[0];
        double low = Math.max(0, core[0] - core[1]) / (nimbus[0] + nimbus[1]);
        String high = nimbus[0] - nimbus[1] <= 0 ? "unbounded" : String.format(Locale.ROOT, "%.2f", (core[0] + core[1]) / (nimbus[0] - nimbus[1]));
        rows.add(String.format(Locale.ROOT, "| ID token validation %s, core vs Nimbus DefaultJWTProcessor, %s | %.0f ± %.0f vs %.0f ± %.0f ops/s "
                + "| **%.3f** (from error bars: %.2f-%s) | >= 0.95 | %s |", alg, how, core[0], core[1], nimbus[0], nimbus[1], ratio, low, high,
                !primary ? "(cross-check)" : ratio >= 0.95 ? "met" : "MISSED"));
    }
}
