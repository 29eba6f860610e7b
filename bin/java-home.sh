# Sourced by bin/standalone and .ci/run: points JAVA_HOME at a JDK 21 or newer.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
  :
elif command -v java >/dev/null && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
else
  JAVA_HOME=
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$candidate
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "Compozy needs a JDK 21 or newer: install one and set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
