#!/usr/bin/env bash
# Runs the buggy app as a container on a machine with no image registry: builds an image FROM
# aegisops/busybox:local holding only the jar (local-container/Dockerfile), then runs it with the host's
# JDK and libraries bind-mounted read-only, on the host network (there is no bridge here).
#
#   buggy-app/run-in-local-container.sh [container-name]      (default name: buggy-app)
#   BUGGY_APP_RELEASE=bad buggy-app/run-in-local-container.sh   (the bad release, aegisops/buggy-app:bad-release:
#                                                                 unhealthy from the start; only a rollback heals it)
#
# The app's settings are passed through from this script's environment when set (PORT, SERVICE_NAME,
# AEGIS_WEBHOOK_URL, AEGIS_WEBHOOK_TOKEN, AEGIS_WEBHOOK_HMAC_SECRET, MONITOR_*, WEBHOOK_*, JAVA_OPTS, ...),
# by name only, so secrets never appear on a command line. CONTAINER_NAME is the container's name.
# A container of that name made by this script is replaced. Waits until Docker reports it healthy.
# Keep the mounts in step with BuggyAppContainerDockerTest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=${1:-buggy-app}
release=${BUGGY_APP_RELEASE:-good}
case $release in
  good) default_image=aegisops/buggy-app:local ;;
  bad) default_image=aegisops/buggy-app:bad-release ;;
  *) echo "BUGGY_APP_RELEASE must be good or bad" >&2; exit 1 ;;
esac
image=${BUGGY_APP_IMAGE:-$default_image}
jar=$here/target/buggy-app.jar
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -B -pl buggy-app -am package -DskipTests" >&2; exit 1; }

# A JDK >= 21 on the host (the jar targets release 21), found the way ./mvnw finds one.
. "$here/../bin/find-jdk.sh"
aegis_find_jdk
jdk=$(readlink -f "$JAVA_HOME")

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$here/local-container/Dockerfile" "$jar" "$context/"
if ! built=$(DOCKER_BUILDKIT=0 docker build -q --build-arg RELEASE="$release" -t "$image" "$context" 2>&1); then
  echo "$built" >&2
  exit 1
fi

if docker container inspect "$name" >/dev/null 2>&1; then
  if [ "$(docker container inspect -f '{{index .Config.Labels "aegisops.role"}}' "$name")" = buggy-app ]; then
    docker rm -f "$name" >/dev/null
  else
    echo "a container named $name exists and was not made by this script; choose another name" >&2
    exit 1
  fi
fi

mounts=(-v /usr/lib:/usr/lib:ro -v /lib:/lib:ro -v /lib64:/lib64:ro)
case $jdk in /usr/lib/*) ;; *) mounts+=(-v "$jdk:$jdk:ro") ;; esac
[ -d /etc/java-17-openjdk ] && mounts+=(-v /etc/java-17-openjdk:/etc/java-17-openjdk:ro)

settings=(-e CONTAINER_NAME="$name" -e JAVA_HOME="$jdk")
for var in $(compgen -e); do
  case $var in
    PORT|BIND_ADDRESS|SERVICE_NAME|JAVA_OPTS|SELF_TRAFFIC_PER_SECOND|ALERT_LOG_LINES|AEGIS_WEBHOOK_*|MONITOR_*|WEBHOOK_*)
      settings+=(-e "$var") ;;
  esac
done

docker run -d --name "$name" --label aegisops.role=buggy-app --network host "${mounts[@]}" "${settings[@]}" "$image" >/dev/null
for _ in $(seq 1 60); do
  status=$(docker container inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}} {{.State.Status}}' "$name")
  case $status in
    "healthy running") echo "$name is healthy on port ${PORT:-8081} (docker logs -f $name)"; exit 0 ;;
    "unhealthy running") [ "$release" = bad ] && { echo "$name runs the bad release, unhealthy as it should be"; exit 0; } ;;
    *exited*|*dead*) echo "$name stopped:" >&2; docker logs --tail 20 "$name" >&2; exit 1 ;;
  esac
  sleep 1
done
echo "$name did not turn healthy within 60 s (status: $status)" >&2
exit 1
