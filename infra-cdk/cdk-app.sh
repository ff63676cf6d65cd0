#!/usr/bin/env sh
# What cdk.json runs: the CDK app on a JDK >= 21, with the module's class path (built on demand).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../bin/find-jdk.sh"
aegis_find_jdk
if [ ! -f "$here/target/classpath.txt" ] || [ ! -f "$here/../functions/target/aegis-functions-lambda.jar" ]; then
  "$here/../mvnw" -q -B -f "$here/../pom.xml" -pl infra-cdk -am -DskipTests package >&2
fi
exec "$JAVA_HOME/bin/java" -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" io.aegisops.cdk.AegisApp
