#!/usr/bin/env bash
# Cold-start bench of the webhook function: a fresh JVM that loads the shaded jar, builds the
# handler from environment variables and answers one GitHub push (StartExecution against a local
# fake), next to a bare JVM start in the same run. Prints the medians and the ratio.
#
#   functions/webhook/bench/cold-start.sh [ROUNDS]          default JVM flags
#   BENCH_JVM_FLAGS="-XX:TieredStopAtLevel=1" functions/webhook/bench/cold-start.sh
#   BENCH_APPCDS=1 functions/webhook/bench/cold-start.sh    with an AppCDS archive of the classes
#                                                           a training run loaded
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
echo "jar                  : $(stat -c %s "$jar") bytes ($(du -k "$jar" | cut -f1) KiB)"
java -cp "$out/bench.jar" -Dbench.jvmFlags="${BENCH_JVM_FLAGS:-}" -Dbench.appcds="$([ "${BENCH_APPCDS:-0}" = 1 ] && echo true || echo false)" ColdStartBench "$jar" "$root" "$rounds"
