# Sourced by the launchers: finds the JVM to run and what it is. Sets java_bin (JAVA_HOME's java,
# else the one on the PATH), java_settings (its properties and final -XX flags, to ask whether it
# has a flag) and java_opts (what every Reprise JVM needs that a jar's manifest cannot say).
# Exits 1 with one line when there is no Java 17 or newer.
find_java() {
  local name="$1"
  java_bin="java"
  if [ -n "${JAVA_HOME:-}" ]; then
    java_bin="$JAVA_HOME/bin/java"
  fi
  command -v "$java_bin" >/dev/null 2>&1 || { echo "$name: no java found (set JAVA_HOME to a JDK 17 or newer)" >&2; exit 1; }
  java_settings="$("$java_bin" -XshowSettings:properties -XX:+PrintFlagsFinal -version 2>&1)"
  local major
  major="$(sed -n 's/^ *java.specification.version = //p' <<<"$java_settings" | cut -d. -f1)"
  [ -n "$major" ] && [ "$major" -ge 17 ] || { echo "$name: Java 17 or newer is required (found ${major:-unknown})" >&2; exit 1; }
  # Chronicle Queue's --add-opens/--add-exports come from the jars' manifests (listed once, in the
  # parent pom). Only what a manifest cannot say is added here, by Java version.
  java_opts=()
  if [ "$major" -ge 24 ]; then
    java_opts+=(--sun-misc-unsafe-memory-access=allow)
  fi
}
