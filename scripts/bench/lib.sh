# Shared by every scripts/bench/<name>: the same knobs, the same statistics, the same output.
# Sourced, not run. Each benchmark calls bench_init, collects one number per round per measure
# into files, adds table rows with bench_row, and ends with bench_finish, which prints its
# markdown section (and writes it to $BENCH_SECTION_FILE when `all` asks for it).
#
# Knobs common to all benchmarks (each script documents its own on top):
#   ROUNDS    measured rounds (default 5; 3 with QUICK=1; at least 2)
#   DURATION  seconds per timed round where a round is timed by the clock (default 10; 5 with QUICK=1)
#   QUICK=1   a shorter pass: smaller inputs and shorter rounds, still several rounds
#   WORK      scratch directory (default: a fresh one under /tmp, removed at the end)
#   BENCH_SECTION_FILE, BENCH_SUMMARY_FILE   set by scripts/bench/all to collect the results

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The knobs the caller set, read before any default is applied, so the recorded command shows
# them; a script lists its own knobs in BENCH_KNOBS before sourcing this file.
BENCH_GIVEN=""
for _k in QUICK ROUNDS DURATION ${BENCH_KNOBS[@]+"${BENCH_KNOBS[@]}"}; do
  [ -n "${!_k+x}" ] && BENCH_GIVEN+="$_k=${!_k} "
done
unset _k
QUICK="${QUICK:-0}"
if [ "$QUICK" = 1 ]; then
  ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-5}"
else
  ROUNDS="${ROUNDS:-5}"; DURATION="${DURATION:-10}"
fi
DURATION="${DURATION%s}"
case "$ROUNDS" in ''|*[!0-9]*) echo "bench: ROUNDS must be a whole number, got '$ROUNDS'" >&2; exit 2 ;; esac
case "$DURATION" in ''|*[!0-9]*) echo "bench: DURATION must be whole seconds, got '$DURATION'" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 2 ] || { echo "bench: ROUNDS must be at least 2 (median, min and max need several rounds)" >&2; exit 2; }
[ "$DURATION" -ge 1 ] || { echo "bench: DURATION must be at least 1 second" >&2; exit 2; }

# bench_rotated K ITEM...: the items rotated left by K, one per line. Targets measured in turn
# within a round go in round r in the order rotated by r - 1, so whatever a place in the order
# brings (what the target before left behind, the machine's drift within a round) falls on each
# target in turn: in a fixed order, two identical proxies measured one after the other differed
# by 0.15 ms of p99, the second lower in 5 rounds of 6 (docs/bench-notes/proxy.md).
bench_rotated() {
  local k=$1 i; shift
  local items=("$@")
  for ((i = 0; i < ${#items[@]}; i++)); do echo "${items[(i + k) % ${#items[@]}]}"; done
}

# bench_init NAME TITLE "$@": records the command as typed, the date and the load; makes $WORK.
bench_init() {
  BENCH_NAME="$1"; BENCH_TITLE="$2"; shift 2
  BENCH_CMD="${BENCH_GIVEN}scripts/bench/$BENCH_NAME${*:+ $*}"
  BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
  BENCH_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
  BENCH_STARTED=$SECONDS
  BENCH_ROWS=""; BENCH_NOTES=""
  BENCH_KEEP_WORK=1
  if [ -z "${WORK:-}" ]; then
    WORK="$(mktemp -d "/tmp/reprise-bench-$BENCH_NAME.XXXXXX")"; BENCH_KEEP_WORK=0
  fi
  mkdir -p "$WORK"
  BENCH_PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  echo "== $BENCH_TITLE: $BENCH_CMD ($BENCH_DATE, load $BENCH_LOAD, $(nproc) cores, ROUNDS=$ROUNDS DURATION=${DURATION}s QUICK=$QUICK)"
}

bench_cleanup() {
  local p
  for p in "${BENCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${BENCH_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ "$BENCH_KEEP_WORK" = 1 ] || rm -rf "$WORK"
}

# bench_need COMMAND PACKAGE: installs the Debian package when the command is missing.
bench_need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "bench: $1 is missing; apt-get install -y $2" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  timeout 600 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2 \
    || { timeout 300 $sudo apt-get update -q >&2 && timeout 600 $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >&2; } \
    || { echo "bench: could not install $2" >&2; return 1; }
  command -v "$1" >/dev/null 2>&1 || { echo "bench: $2 installed but $1 is still not found" >&2; return 1; }
}

# bench_build: the jars, through scripts/reprise (mvn package, tests skipped, never install), and the
# benchmarks jar of the bench module ($BENCH_JAR: the JMH benchmarks and the programs the scripts
# run), rebuilt when any module's sources or poms are newer than it.
BENCH_JAR="$BENCH_ROOT/bench/target/reprise-benchmarks.jar"
bench_build() {
  timeout 1200 "$BENCH_ROOT/scripts/reprise" build
  bench_jar_stale || return 0
  mkdir -p "$BENCH_ROOT/target"
  # The launcher's lock: one build at a time, whoever starts it.
  (
    flock 9
    if bench_jar_stale; then
      echo "bench: building the benchmarks jar (mvn package -pl bench -am, tests skipped) ..." >&2
      cd "$BENCH_ROOT" && timeout 1200 mvn -B -q package -pl bench -am -DskipTests >&2
    fi
  ) 9>"$BENCH_ROOT/target/.build.lock" || { echo "bench: building the benchmarks jar failed" >&2; exit 1; }
}
bench_jar_stale() {
  [ -f "$BENCH_JAR" ] || return 0
  [ -n "$(find "$BENCH_ROOT/pom.xml" "$BENCH_ROOT"/*/pom.xml "$BENCH_ROOT"/*/src -newer "$BENCH_JAR" -type f -print -quit 2>/dev/null)" ]
}

# bench_jmh NAME TIMEOUT JMH-ARGS...: runs JMH from the benchmarks jar with one fork per round (each
# benchmark and its peer in the same run), into $WORK/NAME.json, its output teed to $WORK/NAME.out.
# Forks inherit this JVM's flags, so their scratch files go to $WORK.
bench_jmh() {
  local name="$1" limit="$2"; shift 2
  timeout "$limit" java -Djava.io.tmpdir="$WORK" -jar "$BENCH_JAR" "$@" -f "$ROUNDS" \
    -rf json -rff "$WORK/$name.json" | tee "$WORK/$name.out"
  [ -s "$WORK/$name.json" ] || { echo "bench: JMH wrote no results for $name" >&2; exit 1; }
}

# bench_jmh_rounds NAME [A/B ...]: each benchmark's score per fork as "NAME median M min M max M forks N
# unit U" lines in $WORK/NAME.rounds, with the fork-by-fork ratios A/B; a fork is a round.
bench_jmh_rounds() {
  local name="$1"; shift
  java -cp "$BENCH_JAR" dev.reprise.bench.JmhRounds "$WORK/$name.json" "$@" > "$WORK/$name.rounds"
}

# bench_jmh_stats NAME WHAT [SCALE]: "median min max n" of WHAT (a benchmark, benchmark:metric or A/B)
# from $WORK/NAME.rounds, each multiplied by SCALE.
bench_jmh_stats() {
  awk -v w="$2" -v k="${3:-1}" '$1 == w {print $3 * k, $5 * k, $7 * k, $9; found = 1}
    END {if (!found) {print "bench: no result for " w > "/dev/stderr"; exit 1}}' "$WORK/$1.rounds"
}

# bench_ratio_cell "MEDIAN MIN MAX N": a ratio as "median (min–max)", two decimals.
bench_ratio_cell() {
  local m mn mx n
  read -r m mn mx n <<<"$1"
  awk -v m="$m" -v a="$mn" -v b="$mx" 'BEGIN {printf "%.2f (%.2f–%.2f)\n", m, a, b}'
}

# The JVM flags Chronicle Queue needs for java -cp launches, made from the one list in the root
# pom (<chronicle.exports>, <chronicle.opens>) the same way Surefire's are.
bench_chronicle_flags() {
  local exports opens p
  exports=$(sed -n 's:.*<chronicle.exports>\(.*\)</chronicle.exports>.*:\1:p' "$BENCH_ROOT/pom.xml")
  opens=$(sed -n 's:.*<chronicle.opens>\(.*\)</chronicle.opens>.*:\1:p' "$BENCH_ROOT/pom.xml")
  for p in $exports; do printf -- '--add-exports=%s=ALL-UNNAMED ' "$p"; done
  for p in $opens; do printf -- '--add-opens=%s=ALL-UNNAMED ' "$p"; done
}

# bench_stats < numbers: "median min max n", one number a line in.
bench_stats() {
  sort -g | awk 'NF {v[++n]=$1} END {if (n == 0) {print "- - - 0"; exit}
    m = (n % 2) ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2; print m, v[1], v[n], n}'
}
bench_median() { bench_stats | cut -d' ' -f1; }

# bench_fmt NUMBER: thousands separated above 1000, three significant digits below.
bench_fmt() {
  awk -v x="$1" 'BEGIN {
    if (x == "-" || x == "") {print "–"; exit}
    a = (x < 0) ? -x : x
    if (a >= 1000) { s = sprintf("%.0f", a); o = ""
      while (length(s) > 3) { o = "," substr(s, length(s)-2) o; s = substr(s, 1, length(s)-3) }
      print ((x < 0) ? "-" : "") s o; exit }
    if (a >= 100) printf "%.0f\n", x; else if (a >= 10) printf "%.1f\n", x;
    else if (a >= 1) printf "%.2f\n", x; else printf "%.3g\n", x }'
}

# "median (min–max)" of a file of numbers, with UNIT after the median.
bench_cell() {
  local m mn mx n
  read -r m mn mx n < <(bench_stats < "$1")
  [ "$n" = 0 ] && { echo "–"; return; }
  echo "$(bench_fmt "$m")${2:+ $2} ($(bench_fmt "$mn")–$(bench_fmt "$mx"))"
}

# bench_ratio A B: A/B to two decimals.
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0 || a == "-" || b == "-") print "–"; else printf "%.2f\n", a / b}'; }

# bench_row WHAT UNIT OURS_FILE [PEER_NAME PEER_FILE [GOAL [RATIO_FILE]]]
# Adds a table row: our median (min–max), the peer's, the ratio of medians (or the median of
# per-round ratios from RATIO_FILE when the two were measured in interleaved pairs), and a goal.
bench_row() {
  local what="$1" unit="$2" ours="$3" peer_name="${4:-}" peer="${5:-}" goal="${6:-}" ratios="${7:-}"
  local n ratio="–" peer_cell="–"
  n="$(bench_stats < "$ours" | cut -d' ' -f4)"
  if [ -n "$peer" ]; then
    peer_cell="$peer_name: $(bench_cell "$peer" "$unit")"
    if [ -n "$ratios" ]; then ratio="$(bench_median < "$ratios")"; ratio="$(awk -v r="$ratio" 'BEGIN {printf "%.2f", r}')"
    else ratio="$(bench_ratio "$(bench_median < "$ours")" "$(bench_median < "$peer")")"; fi
  fi
  BENCH_ROWS+="| $what | $(bench_cell "$ours" "$unit") | $peer_cell | $ratio | ${goal:-–} | $n |"$'\n'
}

# bench_row_stats WHAT UNIT "MEDIAN MIN MAX N" [PEER_NAME "MEDIAN MIN MAX N" [RATIO [GOAL]]]
# For helpers that report their own median, min and max rather than one number per round.
bench_row_stats() {
  local what="$1" unit="$2" m mn mx n pm pmn pmx pn peer_cell="–" ratio="–"
  read -r m mn mx n <<<"$3"
  if [ -n "${4:-}" ]; then
    read -r pm pmn pmx pn <<<"$5"
    peer_cell="$4: $(bench_fmt "$pm")${unit:+ $unit} ($(bench_fmt "$pmn")–$(bench_fmt "$pmx"))"
    ratio="${6:-$(bench_ratio "$m" "$pm")}"
  fi
  BENCH_ROWS+="| $what | $(bench_fmt "$m")${unit:+ $unit} ($(bench_fmt "$mn")–$(bench_fmt "$mx")) | $peer_cell | ${ratio:-–} | ${7:-–} | $n |"$'\n'
}

# bench_summary_values WHAT OURS PEER_NAME PEER RATIO [GOAL]: a summary row from figures at hand.
bench_summary_values() {
  BENCH_SUMMARY_LINES+="$1"$'\t'"$2"$'\t'"${3:-–}${4:+ $4}"$'\t'"$5"$'\t'"${6:-–}"$'\n'
}

# bench_summary WHAT OURS_FILE PEER_NAME PEER_FILE UNIT [GOAL]: one row of the README's table.
bench_summary() {
  local what="$1" ours="$2" peer_name="$3" peer="$4" unit="$5" goal="${6:-}" om pm
  om="$(bench_median < "$ours")"; pm="–"; [ -n "$peer" ] && pm="$(bench_median < "$peer")"
  local line
  line="$what"$'\t'"$(bench_fmt "$om")${unit:+ $unit}"$'\t'"${peer_name:-–}${peer:+ $(bench_fmt "$pm")${unit:+ $unit}}"$'\t'"$( [ -n "$peer" ] && bench_ratio "$om" "$pm" || echo –)"$'\t'"${goal:-–}"
  BENCH_SUMMARY_LINES+="$line"$'\n'
}
BENCH_SUMMARY_LINES=""

# bench_note TEXT: a line under the table (setup, accounting, what was skipped and why).
bench_note() { BENCH_NOTES+="$*"$'\n'; }

bench_finish() {
  local section
  section="## $BENCH_TITLE"$'\n\n'
  section+="Command: \`$BENCH_CMD\` — run $BENCH_DATE, load average at start $BENCH_LOAD on $(nproc) cores,"
  section+=" $ROUNDS rounds, $((SECONDS - BENCH_STARTED)) s in all."$'\n\n'
  section+="| what | median (min–max) | peer in the same run: median (min–max) | ratio | goal | rounds |"$'\n'
  section+="|---|---|---|---|---|---|"$'\n'
  section+="$BENCH_ROWS"
  if [ -n "$BENCH_NOTES" ]; then
    section+=$'\n'"$BENCH_NOTES"
  fi
  echo
  echo "$section"
  [ -z "${BENCH_SECTION_FILE:-}" ] || printf '%s' "$section" > "$BENCH_SECTION_FILE"
  [ -z "${BENCH_SUMMARY_FILE:-}" ] || printf '%s' "$BENCH_SUMMARY_LINES" > "$BENCH_SUMMARY_FILE"
}
