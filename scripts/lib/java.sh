# Sourced by the launchers: finds the JVM to run and what it is, and the memory it may use.
#
# find_java NAME sets java_bin (JAVA_HOME's java, else the one on the PATH), java_settings (its
# properties and final -XX flags, to ask whether it has a flag) and java_opts (what every Reprise
# JVM needs that a jar's manifest cannot say). Exits 1 with one line when there is no Java 17 or newer.
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

# find_memory_limit NAME sets memory_limit to the bytes this process may use: REPRISE_MEMORY_LIMIT
# (bytes, or with k, m or g) when set, else the container's (cgroup v2 memory.max, v1
# memory.limit_in_bytes); empty when there is none (v2's "max", v1's near-2^63 "no limit").
# Exits 2 with one line when REPRISE_MEMORY_LIMIT is not a size.
find_memory_limit() {
  local name="$1" value=""
  memory_limit=""
  if [ -n "${REPRISE_MEMORY_LIMIT:-}" ]; then
    # 10#: a leading zero is not octal. Zero is no limit a JVM can run in.
    if [[ $REPRISE_MEMORY_LIMIT =~ ^([0-9]{1,15})([kKmMgG]?)$ ]] && (( 10#${BASH_REMATCH[1]} > 0 )); then
      value=$(( 10#${BASH_REMATCH[1]} ))
      case "${BASH_REMATCH[2],,}" in
        k) value=$(( value * 1024 )) ;;
        m) value=$(( value * 1048576 )) ;;
        g) value=$(( value * 1073741824 )) ;;
      esac
    else
      echo "$name: REPRISE_MEMORY_LIMIT must be a size such as 256m or 1g (got '$REPRISE_MEMORY_LIMIT')" >&2
      exit 2
    fi
  elif [ -r /sys/fs/cgroup/memory.max ]; then
    value="$(cat /sys/fs/cgroup/memory.max)"
  elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
    value="$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
  fi
  if [[ $value =~ ^[0-9]{1,15}$ ]]; then
    memory_limit="$value"
  fi
}
