#!/usr/bin/env bash
# Runs every oidckit benchmark (issue 8) and prints a summary; raw outputs go to benchmarks/target/results/.
# Every figure is a ratio against a baseline measured in the same run. Bounded: about 5-8 minutes on 2 cores.
#
# Knobs (environment): BENCH_SKIP_BUILD=1, BENCH_ROUND_S (1.5), BENCH_ROUNDS (6), BENCH_CONNECTIONS (8),
# BENCH_LOGIN_S (3), BENCH_STARTUP_REPEATS (2), BENCH_TARGETS=bearer (the HTTP step measures item 6's pair only),
# BENCH_SERVER_JVM_ARGS (extra JVM flags for the app servers, "{app}" is replaced by the app's class name, e.g. for a
# JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/benchmarks/target/results"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
start=$(date +%s)

ROUND_S=${BENCH_ROUND_S:-1.5}
ROUNDS=${BENCH_ROUNDS:-6}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
LOGIN_S=${BENCH_LOGIN_S:-3}
STARTUP_REPEATS=${BENCH_STARTUP_REPEATS:-2}

in_reactor() { grep -q "<module>$1</module>" "$ROOT/pom.xml"; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== build"
  examples=""
  for app in servlet spring micronaut vertx; do
    if in_reactor "examples/$app-app"; then examples="$examples,examples/$app-app"; fi
  done
  if in_reactor benchmarks; then
    mvn -B -q -pl "benchmarks$examples" -am package -DskipTests
  else
    # Not yet listed in the root pom: build what it needs, then this module on its own.
    mvn -B -q -pl "oidc-test-provider,oidc-core,adapter-tck,adapter-servlet${examples}" -am install -DskipTests
    mvn -B -q -f benchmarks/pom.xml package -DskipTests
  fi
  # Per-adapter benchmark apps (benchmarks/adapters/NAME), built when that adapter is part of the project.
  for pom in "$ROOT"/benchmarks/adapters/*/pom.xml; do
    [ -f "$pom" ] || continue
    name=$(basename "$(dirname "$pom")")
    if in_reactor "adapter-$name"; then
      mvn -B -q -pl "adapter-$name" -am install -DskipTests
      ( cd "$ROOT/benchmarks" && mvn -B -q install -DskipTests -Dmaven.install.skip=false ) # this module, for their pom
      mvn -B -q -f "$pom" package -DskipTests
    fi
  done
fi

rm -rf "$OUT"
mkdir -p "$OUT"
java -version 2>&1 | head -1 > "$OUT/machine.txt"
{ echo "nproc=$(nproc)"; free -m | awk '/Mem:/ {print "memory_mib=" $2}'; uptime; } >> "$OUT/machine.txt"

echo "== 0. the signed-in check in the core: JMH, through the public API"
java -jar "$JAR" SignedInCheckBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$OUT/jmh-signedin.json" > "$OUT/jmh-signedin.txt" 2>&1
java -cp "$JAR" io.oidckit.bench.jmh.SignedInSummary "$OUT/jmh-signedin.json" "$OUT/summary-0-signedin.md"
echo "== 1. ID token validation: JMH (core vs Nimbus, one after the other and side by side)"
java -jar "$JAR" IdTokenValidationBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.txt" 2>&1
java -cp "$JAR" io.oidckit.bench.jmh.JmhSummary "$OUT/jmh.json" "$OUT/summary-1-jmh.md"
echo "== 1. ID token validation: thread CPU time, interleaved (immune to other processes' load)"
java -Xms512m -Xmx512m -cp "$JAR" io.oidckit.bench.jmh.IdTokenCpuTime "$OUT/summary-1-cpu.md" 30
java -Xms512m -Xmx512m -cp "$JAR" io.oidckit.bench.jmh.IdTokenBreakdown "$OUT/idtoken-breakdown.txt"
echo "== 6. JWT access token validation: thread CPU time, interleaved (core vs Nimbus)"
java -Xms512m -Xmx512m -cp "$JAR" io.oidckit.bench.jmh.AccessTokenCpuTime "$OUT/summary-6-bearer-cpu.md" 30

echo "== 2-4. protected requests, logins, sessions (per adapter app found)"
specs=()
for cls in $(java -cp "$JAR" io.oidckit.bench.http.ListApps); do specs+=("$cls@$JAR"); done
# Per-adapter apps built from benchmarks/adapters/NAME (when that adapter exists) bring their own jar.
for jar in "$ROOT"/benchmarks/adapters/*/target/bench-*.jar; do
  [ -f "$jar" ] || continue
  for cls in $(java -cp "$jar" io.oidckit.bench.http.ListApps); do
    case " ${specs[*]} " in *" $cls@"*) ;; *) specs+=("$cls@$jar") ;; esac
  done
done
java -cp "$JAR" io.oidckit.bench.http.HttpBench "$OUT" "$ROUND_S" "$ROUNDS" "$CONNECTIONS" "$LOGIN_S" "${specs[@]}"
java -cp "$JAR" io.oidckit.bench.http.SessionFootprint "$OUT" > "$OUT/session-footprint.log" 2>&1

echo "== 5. start-up with the provider down (each example jar found)"
apps=()
for name in servlet spring micronaut vertx; do
  jar="$ROOT/examples/$name-app/target/$name-app.jar"
  [ -f "$jar" ] && apps+=("$name=$jar")
done
java -cp "$JAR" io.oidckit.bench.http.StartupBench "$OUT" "$STARTUP_REPEATS" "${apps[@]}"

echo "== 7. a flood of anonymous logins: live heap before and after, with and without a session secret (each example)"
if [ "${BENCH_SKIP_FLOOD:-0}" != 1 ]; then
  java -cp "$JAR" io.oidckit.bench.http.LoginFlood "$OUT" "${apps[@]}"
fi
echo "== 7. framework sessions in Redis vs in memory, for information (Spring, Micronaut, Vert.x examples; Debian's redis-server)"
redis_apps=()
for a in "${apps[@]}"; do case "$a" in servlet=*) ;; *) redis_apps+=("$a") ;; esac; done
if [ -x /usr/bin/redis-server ]; then
  java -cp "$JAR" io.oidckit.bench.http.RedisSessionsBench "$OUT" "$ROUND_S" "$ROUNDS" "$CONNECTIONS" "${redis_apps[@]}"
fi

echo "== 8. the protected route with 10,000 known revocations vs none: thread CPU time, interleaved"
java -Xms512m -Xmx512m -cp "$JAR" io.oidckit.bench.jmh.RevocationsCpuTime "$OUT/summary-8-revocations.md" 30
echo "== 8. refresh calls per expired session, two replicas sharing Redis (Debian's redis-server) vs each alone"
if [ -x /usr/bin/redis-server ]; then
  java -cp "$JAR" io.oidckit.bench.jmh.RefreshAcrossReplicas "$OUT/summary-8-refresh.md" 20
fi

java -cp "$JAR" io.oidckit.bench.http.Report "$OUT" > "$OUT/SUMMARY.md"
echo
cat "$OUT/SUMMARY.md"
echo
echo "raw outputs: $OUT   (took $(( $(date +%s) - start )) s)"
