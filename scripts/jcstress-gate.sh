#!/usr/bin/env bash
# Runs every jcstress test in stress-tests/target/jcstress.jar and fails unless every one of them ran
# and passed. jcstress 0.16 exits 0 on several failures (no matching test, tests skipped for lack of
# CPUs, soft errors), so besides its exit code this checks the final "Results:" line and that every
# listed test wrote its report page.
#   scripts/jcstress-gate.sh MODE    MODE: quick (CI: -m quick -iters 1 -sc false), default, tough, stress
# Tests whose class name contains "Virtual" start virtual threads or goroutines: their actors sample
# far slower, so they run in a separate invocation with small strides.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
cd stress-tests/target
mode=${1:-quick}
JAR=jcstress.jar
[ -f "$JAR" ] || { echo "jcstress-gate: $PWD/$JAR missing; build stress-tests first" >&2; exit 1; }
FLAGS=(--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED)
case "$mode" in
  # quick: one iteration, no split per-actor compilation (4 JVM configurations a test instead of 14)
  quick) MODE_ARGS=(-m quick -iters 1 -sc false) ; BUDGET=1200 ;;
  *)     MODE_ARGS=(-m "$mode")         ; BUDGET=20000 ;;
esac

java "${FLAGS[@]}" -jar "$JAR" -l 2>&1 | grep -E '^ *dev\.goj\.[A-Za-z0-9_.$]+$' | sed 's/^ *//' | sort -u > tests.txt || true
total=$(wc -l < tests.txt)
if [ "$total" -eq 0 ]; then echo "jcstress-gate: the jar lists no dev.goj test" >&2; exit 1; fi
echo "jcstress-gate: $total tests, mode $mode"

rm -rf results && mkdir -p results
status=0
run() { # name regex extra-args...
  local name=$1 regex=$2; shift 2
  local n
  if [ "$name" = platform ]; then n=$(count_platform); else n=$(grep -c 'Virtual' tests.txt || true); fi
  [ "$n" -gt 0 ] || return 0
  echo "jcstress-gate: running $n $name tests"
  set +e
  timeout "$BUDGET" java "${FLAGS[@]}" -jar "$JAR" "${MODE_ARGS[@]}" -t "$regex" -r "results" "$@" 2>&1 | tee "run-$name.log"
  local rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -ne 0 ]; then echo "jcstress-gate: $name run exited $rc" >&2; status=1; fi
  # "planned" counts test x JVM-configuration pairs: every planned one must have passed.
  local last; last=$(grep -oE 'Results: [0-9]+ planned; [0-9]+ passed, [0-9]+ failed, [0-9]+ soft errs, [0-9]+ hard errs' "run-$name.log" | tail -1 || true)
  if ! echo "$last" | grep -qE '^Results: ([0-9]+) planned; \1 passed, 0 failed, 0 soft errs, 0 hard errs$'; then
    echo "jcstress-gate: $name: want every planned run passed and none failed or erred, got '${last:-no Results line}'" >&2
    status=1
  fi
  if grep -qE '\b(FORBIDDEN|FAILED|ERROR)\b' "run-$name.log"; then
    echo "jcstress-gate: $name: a test reported FORBIDDEN, FAILED or ERROR:" >&2
    grep -nE '\b(FORBIDDEN|FAILED|ERROR)\b' "run-$name.log" | head -20 >&2
    status=1
  fi
}
# grep -E has no lookahead; jcstress's Java regex does: count with grep, select with the lookahead.
count_platform() { grep -vc 'Virtual' tests.txt || true; }
run platform '^dev\.goj\.(?!.*Virtual)' 
run virtual '^dev\.goj\..*Virtual' -strideCount 10 -strideSize 64

# Every listed test must have written its report page (a test skipped for lack of CPUs writes none).
missing=0
while read -r t; do
  [ -f "results/$t.html" ] || { echo "jcstress-gate: no result for $t" >&2; missing=$((missing+1)); }
done < tests.txt
[ "$missing" -eq 0 ] || status=1
if [ "$status" -eq 0 ]; then echo "jcstress-gate: all $total jcstress tests passed"; else echo "jcstress-gate: FAILED" >&2; fi
exit "$status"
