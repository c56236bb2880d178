#!/usr/bin/env bash
# A throwaway single-node Apache Kafka broker (KRaft: broker and controller in one process, no ZooKeeper) for tests
# and the demo: its own data folder, 127.0.0.1 only, free ports.
#   scripts/kafka.sh start <dir>   resolves Apache Kafka's own broker jars from Maven Central (once; cached under
#                                  ~/.cache/chartbridge/kafka-<version>), formats <dir>, starts the broker, and
#                                  prints CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP=127.0.0.1:<port>
#   scripts/kafka.sh stop <dir>    stops it and removes the folder
#   scripts/kafka.sh halt <dir>    stops it and keeps the folder (its topics, offsets and ports): the broker lost
#   scripts/kafka.sh resume <dir>  starts a halted broker again on the same ports with the same data
# Environment: KAFKA_VERSION (default below), KAFKA_HEAP (default 384m).
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
# The broker's own log4j2 binding for slf4j: the version its log4j-core comes with.
LOG4J_VERSION="2.24.3"

die() { echo "kafka.sh: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: kafka.sh start|stop|halt|resume <dir>"
cmd="$1"; dir="$2"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/chartbridge/kafka-$KAFKA_VERSION"

# The broker's class path, resolved by Maven from Central (the broker is not a Debian package) and kept in the cache.
classpath() {
  if [[ ! -s "$cache/classpath" ]]; then
    command -v mvn > /dev/null || die "mvn not found: install Maven (apt-get install maven)"
    mkdir -p "$cache"
    cat > "$cache/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.chartbridge</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J_VERSION</version></dependency>
  </dependencies>
</project>
POM
    echo "kafka.sh: resolving Apache Kafka $KAFKA_VERSION from Maven Central (once) ..." >&2
    (cd "$cache" && mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile=classpath.tmp > resolve.log 2>&1) \
      || { tail -n 20 "$cache/resolve.log" >&2; die "could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"; }
    mv "$cache/classpath.tmp" "$cache/classpath"
  fi
  cat "$cache/classpath"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# Two free ports (client and controller listeners), from a range apart from postgres.sh's.
free_ports() {
  local p found=()
  for p in $(seq 59092 59292); do
    if port_free "$p"; then
      found+=("$p")
      [[ ${#found[@]} -eq 2 ]] && { echo "${found[@]}"; return; }
    fi
  done
  die "no two free ports between 59092 and 59292"
}

# Starts the broker of $dir in the background and waits until it listens on its port.
launch() {
  local cp="$1" port="$2"
  nohup java -cp "$cp" "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >> "$dir/stdout.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 240); do
    if ! port_free "$port"; then
      echo "CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP=127.0.0.1:$port"
      exit 0
    fi
    kill -0 "$(cat "$dir/pid")" 2> /dev/null || break
    sleep 0.25
  done
  tail -n 20 "$dir/stdout.log" "$dir/server.log" >&2 2> /dev/null || true
  die "the broker did not start"
}

halt_broker() {
  if [[ -f "$dir/pid" ]]; then
    local pid
    pid="$(cat "$dir/pid")"
    if kill "$pid" 2> /dev/null; then
      # A controlled shutdown takes a few seconds; a throwaway broker need not wait longer than that.
      for _ in $(seq 1 40); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.25
      done
      kill -9 "$pid" 2> /dev/null || true
    fi
    rm -f "$dir/pid"
  fi
}

case "$cmd" in
  start)
    cp="$(classpath)"
    mkdir -p "$dir"
    read -r port cport < <(free_ports)
    cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# A test kills a worker: its partitions move after the worker's session timeout, which may be this short.
group.min.session.timeout.ms=3000
auto.create.topics.enable=false
PROPS
    cat > "$dir/log4j2.properties" <<LOG
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$dir/server.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=%d %p %c{1} %m%n
LOG
    java_opts=(-Xms128m "-Xmx${KAFKA_HEAP:-384m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
      "-Dlog4j2.configurationFile=$dir/log4j2.properties" -Djava.awt.headless=true)
    cluster_id="$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2> "$dir/format.log")" \
      || { cat "$dir/format.log" >&2; die "kafka-storage random-uuid failed"; }
    java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$dir/server.properties" > "$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; die "kafka-storage format failed"; }
    launch "$cp" "$port"
    ;;
  resume)
    [[ -f "$dir/server.properties" ]] || die "$dir holds no halted broker"
    cp="$(classpath)"
    port="$(sed -n 's/^listeners=PLAINTEXT:\/\/127.0.0.1:\([0-9]*\),.*/\1/p' "$dir/server.properties")"
    java_opts=(-Xms128m "-Xmx${KAFKA_HEAP:-384m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
      "-Dlog4j2.configurationFile=$dir/log4j2.properties" -Djava.awt.headless=true)
    launch "$cp" "$port"
    ;;
  halt)
    halt_broker
    ;;
  stop)
    halt_broker
    rm -rf "$dir"
    ;;
  *) die "usage: kafka.sh start|stop|halt|resume <dir>" ;;
esac
