#!/usr/bin/env bash
# goj build front end: finds a JDK 21+ (the machine's default java may be 17) and runs Maven with it.
#   ./goj.sh demo            build and run the example program (the main job)
#   ./goj.sh test            unit tests of every module + the bounded jcstress gate (what CI runs)
#   ./goj.sh stress-full [M] every jcstress test in mode M (default: default; also tough, stress)
#   ./goj.sh bench [ARGS]    build the JMH jar and run it with ARGS (a regex, -f, -wi, ...)
#   ./goj.sh mvn ARGS        any Maven command on the located JDK
set -euo pipefail
cd "$(dirname "$0")"

. scripts/jdk.sh
command -v mvn >/dev/null || { echo "goj.sh: Maven (mvn) not found on PATH; install maven 3.8+." >&2; exit 1; }
v=$(java_major "$JAVA_HOME/bin/java")
if [ "$v" -ge 24 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
JVM_FLAGS="--add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
MVN=(mvn -B -ntp)

cmd=${1:-help}; shift || true
case "$cmd" in
  demo)
    "${MVN[@]}" -q -DskipTests -pl examples -am package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
    exec java $JVM_FLAGS -cp "examples/target/classes:$(cat examples/target/cp.txt)" dev.goj.examples.Demo "$@"
    ;;
  test)
    "${MVN[@]}" verify "$@"
    exec scripts/jcstress-gate.sh quick
    ;;
  stress-full)
    "${MVN[@]}" -q -DskipTests -pl stress-tests -am package
    exec scripts/jcstress-gate.sh "${1:-default}"
    ;;
  bench)
    "${MVN[@]}" -q -DskipTests -pl benchmarks -am package
    exec java $JVM_FLAGS -jar benchmarks/target/benchmarks.jar "$@"
    ;;
  mvn)
    exec "${MVN[@]}" "$@"
    ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2
    ;;
esac
