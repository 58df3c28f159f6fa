#!/usr/bin/env bash
# Cold-start bench of the webhook function: a fresh JVM that loads the shaded jar, builds the
# handler from environment variables and answers one GitHub push (StartExecution against a local
# fake), next to a bare JVM start in the same run. Prints the medians and two ratios side by side:
#   whole process / bare start      wall time of the invoke process / wall time of a bare JVM
#   load+init+first / bare start    class loading + init + first invocation, timed inside the
#                                   child (before Class.forName of the handler to after the first
#                                   response) / wall time of a bare JVM
# and the primed ("restored") first request: what a SnapStart restore still has to do.
#
#   functions/webhook/bench/cold-start.sh [ROUNDS]
#
# Knobs (environment):
#   ROUNDS             first argument, default 7: measured rounds (bare, invoke, restored each)
#   BENCH_JAVA_HOME    the JDK of every measured child JVM, bare and invoke alike (default: the
#                      java that runs this script), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
#   BENCH_JVM_FLAGS    flags for every child JVM, e.g. "-XX:TieredStopAtLevel=1"
#   BENCH_APPCDS=1     JDK 17+: a training run dumps a dynamic AppCDS archive
#                      (-XX:ArchiveClassesAtExit); the invoke runs map it (-XX:SharedArchiveFile)
#   BENCH_AOT=1        JDK 25+ (JEP 483/514/515): a training run writes an AOT cache
#                      (-XX:AOTCacheOutput; -XX:AOTMode=record/create if that fails); the invoke
#                      runs use it (-XX:AOTCache), checked once with -XX:AOTMode=on
# With BENCH_APPCDS or BENCH_AOT the bare JVM gets BENCH_JVM_FLAGS only, never the app archive.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
jar="$root/functions/webhook/target/slipway-webhook-lambda.jar"
rounds="${1:-7}"
if [ ! -f "$jar" ] || [ -n "$(find "$root/functions" -name '*.java' -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  echo "cold-start: building the webhook jar..." >&2
  (cd "$root" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl functions/webhook -am >&2 \
    || mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl functions/webhook -am >&2)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
javac -d "$out/classes" "$root/functions/webhook/bench/ColdStartBench.java"
jar cf "$out/bench.jar" -C "$out/classes" .   # a jar, not a directory: AppCDS archives only jars
if [ "${BENCH_APPCDS:-0}" = 1 ] && [ "${BENCH_AOT:-0}" = 1 ]; then
  echo "cold-start: BENCH_APPCDS=1 and BENCH_AOT=1 exclude each other (the AOT cache replaces the AppCDS archive): set one" >&2
  exit 2
fi
if [ -n "${BENCH_JAVA_HOME:-}" ] && [ ! -x "$BENCH_JAVA_HOME/bin/java" ]; then
  echo "cold-start: BENCH_JAVA_HOME=$BENCH_JAVA_HOME has no bin/java: point it at a JDK home, e.g. /usr/lib/jvm/temurin-25-jdk-amd64" >&2
  exit 2
fi
echo "jar                  : $(stat -c %s "$jar") bytes ($(du -k "$jar" | cut -f1) KiB)"
java -cp "$out/bench.jar" \
  -Dbench.javaHome="${BENCH_JAVA_HOME:-}" \
  -Dbench.jvmFlags="${BENCH_JVM_FLAGS:-}" \
  -Dbench.appcds="$([ "${BENCH_APPCDS:-0}" = 1 ] && echo true || echo false)" \
  -Dbench.aot="$([ "${BENCH_AOT:-0}" = 1 ] && echo true || echo false)" \
  ColdStartBench "$jar" "$root" "$rounds"
