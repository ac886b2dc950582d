# Sourced by the scripts beside it: points JAVA_HOME at a JDK that can build Freshet.
# Freshet's output targets Java 17 (--release 17), but its compile-time checks (Error Prone)
# need a JDK 21 or newer to run. Keep JAVA_HOME if it is new enough, else look in the usual places.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "No JDK 21+ found (Error Prone needs one to build; the library still runs on Java 17)." >&2
  echo "Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
  return 1
}
