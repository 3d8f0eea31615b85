#!/usr/bin/env bash
# Cost of recording one replayed exchange in the results collector, from several threads at once,
# against the floor of one shared HdrHistogram Recorder; then the heap the collector holds with
# 1000 endpoints and 1000 tenants tracked. Bounded: rounds x 2 x seconds, plus a few seconds.
#
# Usage: scripts/bench/results-collector.sh [threads=2] [seconds-per-round=2] [rounds=5]
set -euo pipefail
cd "$(dirname "$0")/../.."

threads=${1:-2}
seconds=${2:-2}
rounds=${3:-5}

mvn -o -q -pl replayer -am test-compile

version() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jackson=$(version jackson.version)
cp=replayer/target/test-classes:replayer/target/classes:format/target/classes
cp=$cp:$m2/org/hdrhistogram/HdrHistogram/$(version hdrhistogram.version)/HdrHistogram-$(version hdrhistogram.version).jar
cp=$cp:$m2/info/picocli/picocli/$(version picocli.version)/picocli-$(version picocli.version).jar
for a in jackson-databind jackson-core; do
  cp=$cp:$m2/com/fasterxml/jackson/core/$a/$jackson/$a-$jackson.jar
done
# Jackson's annotations are versioned by major.minor only from 2.20 on.
for v in "${jackson%.*}" "$jackson"; do
  jar=$m2/com/fasterxml/jackson/core/jackson-annotations/$v/jackson-annotations-$v.jar
  if [[ -f $jar ]]; then cp=$cp:$jar; break; fi
done

timeout 300 java -Xmx1g -cp "$cp" dev.reprise.replay.results.CollectorBenchmark "$threads" "$seconds" "$rounds"
