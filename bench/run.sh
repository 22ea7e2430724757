#!/usr/bin/env bash
# The benchmark in one command: builds Tidings and the load generator, installs the peers
# (Socket.IO, ws), then runs every scenario, server on core 0 and load on core 1.
#
#   bench/run.sh            full run, 3 runs of everything (under ~30 minutes); results in docs/benchmarks/
#   bench/run.sh --quick    smoke run, 1 short run (a few minutes); results in bench/target/quick/
#   other options: --runs N, --only idle,fanout,wire,one-to-one,durable,uploads,http, --jfr, --postgres HOST:PORT,
#                  --out DIR (results there instead; docs/benchmarks/README.md is then left as it is)
#   bench/run.sh --only search [--messages N]   the search scenario alone (1,000,000 messages by default),
#                                               with its own report, docs/benchmarks/search.md
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"

# 8,000 streams need 8,000 descriptors in the server and as many in the load generator.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(nproc)" -lt 2 ]; then
  echo "bench/run.sh needs 2 cores: the server on core 0, the load on core 1" >&2
  exit 1
fi

./mvnw -q -B -DskipTests package
./mvnw -q -B -f bench/pom.xml -DskipTests package
(cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)

# Bounded: a run that hangs is stopped rather than left running.
exec timeout --signal=TERM 60m taskset -c 1 java -Xmx4g \
  -cp "bench/target/classes:bench/target/lib/*" org.tidings.bench.Bench "$@"
