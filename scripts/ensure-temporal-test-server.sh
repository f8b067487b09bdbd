#!/usr/bin/env bash
# Makes Temporal's Java time-skipping test server available for the workflow tests
# (tests/workflow/), in this order: $TEMPORAL_TEST_SERVER_PATH, the cached
# .tools/bin/temporal-test-server, a fetch of io.temporal:temporal-test-server from Maven Central.
# Prints the path of an executable the TS SDK can start as an `existing-path` time-skipping server:
# the SDK runs it as `<path> <port>` (plus any extraArgs), which is exactly the argument list of the
# jar's main class io.temporal.testserver.TestServer (`<port> [--enable-time-skipping]`; the SDK
# unlocks time skipping itself through the test service, so the flag is not needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.31.0"
home="$root/.tools/temporal-test-server/$version"
wrapper="$root/.tools/bin/temporal-test-server"
say() { echo "[provision] $*" >&2; }

if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || { say "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not executable"; exit 1; }
  echo "$TEMPORAL_TEST_SERVER_PATH"; exit 0
fi
# The stamp is written last, so an interrupted fetch is redone on the next run.
if [ -x "$wrapper" ] && [ -f "$home/.complete" ] && grep -q "$home" "$wrapper"; then echo "$wrapper"; exit 0; fi

command -v java >/dev/null 2>&1 || { say "the workflow tests need Java (8 or newer) for Temporal's test server: install e.g. openjdk-17-jre-headless, or set TEMPORAL_TEST_SERVER_PATH"; exit 1; }
command -v mvn >/dev/null 2>&1 || { say "the workflow tests fetch Temporal's test server with Maven: install maven, or set TEMPORAL_TEST_SERVER_PATH"; exit 1; }

say "fetching Temporal's test server $version from Maven Central (first time only)..."
rm -rf "$home"
mkdir -p "$home/lib" "$root/.tools/bin"
# A throw-away project that depends on the test server: Maven copies the jar and its runtime
# classpath into lib/.
cat >"$home/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>huiying.tools</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$version</version>
    </dependency>
    <!-- The server logs through SLF4J 1.7; a no-op binding keeps its "no binder" notice out of test output. -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
EOF
# Maven's log is kept beside the jars and shown only when the fetch fails.
mvn -B -f "$home/pom.xml" dependency:copy-dependencies -Dstyle.color=never \
  -DincludeScope=runtime -DoutputDirectory="$home/lib" >"$home/maven.log" 2>&1 \
  || { tail -n 40 "$home/maven.log" >&2; say "Maven could not fetch the test server (log: $home/maven.log)"; exit 1; }
[ -f "$home/lib/temporal-test-server-$version.jar" ] || { say "Maven did not deliver temporal-test-server-$version.jar"; exit 1; }

cat >"$wrapper" <<EOF
#!/usr/bin/env bash
# Temporal's Java test server $version (written by scripts/ensure-temporal-test-server.sh).
# Arguments: <port> [--enable-time-skipping]. exec: the SDK stops the server by killing this process.
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$home/lib/*" io.temporal.testserver.TestServer "\$@"
EOF
chmod +x "$wrapper"
touch "$home/.complete"
say "Temporal's test server $version ready: $wrapper"
echo "$wrapper"
