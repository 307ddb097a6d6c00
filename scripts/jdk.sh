# Sourced by goj.sh and the scripts: selects a JDK 21+ (JAVA_HOME if it is one, else the first under
# /usr/lib/jvm), exports JAVA_HOME and puts its bin first on PATH, or exits with what is missing.
java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

goj_find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_major "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

if ! GOJ_JDK=$(goj_find_jdk); then
  echo "goj: no JDK 21 or newer found (looked at JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*)." >&2
  echo "goj: install one (e.g. Temurin 25 under /usr/lib/jvm) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$GOJ_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
