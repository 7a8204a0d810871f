# Sourced by ./mvnw and ./deai: points JAVA_HOME at a JDK >= 21.
# Looks in JAVA_HOME, then the java on PATH, then /usr/lib/jvm/* and /opt/java/* (newest first).
deai_jdk_major() {
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "${v:-0}"
}
deai_find_jdk() {
  local c candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/* /opt/java/* 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/javac" ] && [ "$(deai_jdk_major "$c")" -ge 21 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}
if ! DEAI_JDK=$(deai_find_jdk); then
  echo "deai: no JDK 21 or newer found (looked in JAVA_HOME, PATH, /usr/lib/jvm, /opt/java)." >&2
  echo "deai: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$DEAI_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
