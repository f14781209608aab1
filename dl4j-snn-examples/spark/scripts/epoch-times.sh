#!/usr/bin/env bash
# Seconds per epoch of the default preset on the bundled N-MNIST sample, trained alone, with ParallelWrapper
# (train --workers) and with Spark (train --spark: local[N] and a standalone cluster of 1-core workers on this
# machine), as quoted in README.md's "Scaling out". Prints a Markdown table and the load average before and after.
#
#   mvn -B -q -Pspark -DskipTests package        # dl4j-snn.jar and dl4j-snn-spark.jar
#   dl4j-snn-examples/spark/scripts/epoch-times.sh [EPOCHS]   (default 3; README.md quotes a run with 2)
#
# Everything binds to 127.0.0.1. Run it on a quiet machine: the numbers are wall-clock seconds.
set -euo pipefail
cd "$(dirname "$0")/../../.."
EPOCHS=${1:-3}
JAR=dl4j-snn-examples/target/dl4j-snn.jar
SPARK_JAR=dl4j-snn-examples/target/dl4j-snn-spark.jar
[ -f "$JAR" ] && [ -f "$SPARK_JAR" ] || { echo "build first: mvn -B -q -Pspark -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d)
export SPARK_LOCAL_IP=127.0.0.1
OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && pkill -TERM -P "$p" 2>/dev/null; [ -n "$p" ] && kill "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# run LABEL JAR ARGS... : prints "| LABEL | epoch 1 s | mean of the later epochs s | accuracy |"
run() {
  local label=$1 jar=$2; shift 2
  local out="$WORK/out.txt"
  java -Xmx2g -Dspark.executor.memory=1g -jar "$jar" train --epochs "$EPOCHS" --no-progress \
      --output "$WORK/run" "$@" > "$out" 2>/dev/null || { echo "| $label | failed | | |"; return; }
  awk -v label="$label" '
    /^epoch [0-9]+\// { split($2, e, "/"); for (i = 1; i <= NF; i++) if ($(i+1) == "s") s = $i; t[e[1]] = s; n = e[1] }
    /^test accuracy:/ { acc = $3 }
    END { later = 0; for (i = 2; i <= n; i++) later += t[i];
          printf "| %s | %.1f | %.1f | %s |\n", label, t[1], (n > 1 ? later / (n - 1) : t[1]), acc }' "$out"
}

# cluster N: a standalone master and N 1-core workers; sets MASTER
cluster() {
  local n=$1 port=$((17000 + RANDOM % 1000)) home="$WORK/spark-home"
  mkdir -p "$home/jars" "$WORK/logs"
  ln -sf "$(pwd)/$SPARK_JAR" "$home/jars/dl4j-snn-spark.jar"
  SPARK_HOME=$home SPARK_SCALA_VERSION=2.12 java -Xmx512m $OPENS -cp "$home/jars/*" \
      org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port --webui-port 0 > "$WORK/logs/master" 2>&1 &
  PIDS+=($!)
  sleep 5
  for w in $(seq 1 "$n"); do
    SPARK_HOME=$home SPARK_SCALA_VERSION=2.12 OMP_NUM_THREADS=1 java -Xmx512m $OPENS -cp "$home/jars/*" \
        org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 --cores 1 --memory 2g \
        --work-dir "$WORK/work-$n-$w" "spark://127.0.0.1:$port" > "$WORK/logs/worker-$w" 2>&1 &
    PIDS+=($!)
  done
  sleep 10
  MASTER="spark://127.0.0.1:$port"
}

stop_cluster() {
  for p in "${PIDS[@]}"; do pkill -TERM -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}

echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/') at the start; $EPOCHS epochs each"
echo
echo "| how | epoch 1 (s) | later epochs, mean (s) | test accuracy |"
echo "|---|---|---|---|"
run "alone" "$JAR"
run "ParallelWrapper, 2 workers, averaging" "$JAR" --workers 2
run "ParallelWrapper, 2 workers, gradient sharing" "$JAR" --workers 2 --training-mode shared-gradients
run "Spark local[2], averaging" "$SPARK_JAR" --spark 'local[2]'
run "Spark local[2], gradient sharing" "$SPARK_JAR" --spark 'local[2]' --training-mode shared-gradients
cluster 2; run "Spark standalone, 2 workers, averaging" "$SPARK_JAR" --spark "$MASTER"; stop_cluster
echo
echo "$(uptime | sed 's/.*load average/load average/') at the end"
