package io.oidckit.bench.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the parts' summary rows into one Markdown table (run.sh prints it and keeps it as SUMMARY.md). */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> o = new ArrayList<>();
        o.add("machine: " + String.join("; ", read(out.resolve("machine.txt"))));
        o.add("");
        o.add("| figure | measured | ratio | target | |");
        o.add("|---|---|---|---|---|");
        o.add("| **0. the signed-in check in the core** | | | | |");
        o.addAll(read(out.resolve("summary-0-signedin.md")));
        o.add("| **1. ID token validation** | | | | |");
        o.addAll(read(out.resolve("summary-1-cpu.md")));
        o.addAll(read(out.resolve("summary-1-jmh.md")));
        o.add("| **2. authenticated request overhead** | | | | |");
        o.addAll(read(out.resolve("summary-http.md")));
        o.add("| **3. login flow** | | | | |");
        Map<String, Map<String, String>> logins = new HashMap<>();
        List<String> sessionRows = new ArrayList<>();
        for (String line : read(out.resolve("logins.txt"))) {
            String[] p = line.split("\t");
            if (p.length < 3) continue;
            Map<String, String> f = fields(p[2]);
            if (p[1].equals("sessions")) {
                if (f.containsKey("bytesMedian")) {
                    double med = Double.parseDouble(f.get("bytesMedian"));
                    sessionRows.add(String.format(Locale.ROOT, "| %s: the framework's session per signed-in user, Java-serialized "
                            + "(%s sessions, %s-%s B) | %.0f B | **%.2f** of 2048 B | <= 1.00 | %s |", p[0], f.get("signedInSessions"),
                            f.get("bytesMin"), f.get("bytesMax"), med, med / 2048, med <= 2048 ? "met" : "MISSED"));
                }
                continue;
            }
            logins.put(p[0] + " " + p[1].replaceAll(" [0-9]+ 2 ", " "), f);
        }
        for (String ui : List.of("false", "true")) {
            for (String key : new ArrayList<>(logins.keySet())) {
                if (!key.endsWith(" login " + ui)) continue;
                String group = key.substring(0, key.indexOf(' '));
                Map<String, String> app = logins.get(key), raw = logins.get(group + " rawlogin " + ui);
                double a = Double.parseDouble(app.get("perSecond"));
                String uiText = ui.equals("true") ? "UserInfo on" : "UserInfo off";
                if (raw != null) {
                    double r = Double.parseDouble(raw.get("perSecond"));
                    o.add(String.format(Locale.ROOT, "| %s: logins/s through the app vs the raw Nimbus client (%s) | %.0f vs %.0f logins/s "
                            + "(%s failures) | **%.2f** | none for throughput | |", group, uiText, a, r, app.get("failures"), a / r));
                }
                double token = d(app, "token"), userinfo = d(app, "userinfo"), disc = d(app, "discovery"), jwks = d(app, "jwks");
                boolean ok = token == 1.0 && userinfo == (ui.equals("true") ? 1.0 : 0.0) && disc == 0 && jwks == 0;
                o.add(String.format(Locale.ROOT, "| %s: provider calls per login, warm (%s, %s logins) | token %.3f, userinfo %.3f, "
                        + "discovery %.3f, jwks %.3f | | token 1, userinfo %s, discovery 0, jwks 0 | %s |", group, uiText, app.get("logins"),
                        token, userinfo, disc, jwks, ui.equals("true") ? "1" : "0", ok ? "met" : "MISSED"));
            }
        }
        o.add("| **4. session footprint** | | | | |");
        o.addAll(read(out.resolve("summary-session.md")));
        o.addAll(sessionRows);
        o.add("| **5. start-up with the provider down** | | | | |");
        o.addAll(read(out.resolve("summary-startup.md")));
        o.add("| **6. bearer tokens (API mode)** | | | | |");
        o.addAll(read(out.resolve("summary-6-bearer-cpu.md")));
        o.addAll(read(out.resolve("summary-6-bearer-http.md")));
        o.add("| **7. sessions across replicas (cookie mode, pending logins in cookies)** | | | | |");
        o.addAll(read(out.resolve("summary-flood.md")));
        o.addAll(read(out.resolve("summary-redis.md")));
        o.add("| **8. the session's life (logout from the provider, refresh)** | | | | |");
        o.addAll(read(out.resolve("summary-8-revocations.md")));
        o.addAll(read(out.resolve("summary-8-refresh.md")));
        o.forEach(System.out::println);
    }

    private static double d(Map<String, String> m, String k) {
        return Double.parseDouble(m.getOrDefault(k, "NaN"));
    }

    private static Map<String, String> fields(String s) {
        Map<String, String> m = new HashMap<>();
        for (String part : s.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    private static List<String> read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readAllLines(p) : List.of("| " + p.getFileName() + " missing: that part failed, see its log | | | | |");
    }
}
