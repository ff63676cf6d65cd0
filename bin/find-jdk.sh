# Sourced by ./mvnw and ./aegis: makes JAVA_HOME point at a JDK >= 21.
# AegisOps targets the Lambda java21 runtime, but many machines still default to 17.
# Order: a JAVA_HOME that is already new enough, then `java` on PATH, then the newest
# JDK found under the usual install roots. Nothing is exported by the user.

aegis_java_major() {
  # prints the feature version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

aegis_find_jdk() {
  aegis_min=21
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(aegis_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$aegis_min" ]; then return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(aegis_java_major "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$aegis_min" ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
  fi
  best=""; best_v=0
  case $- in *f*) aegis_noglob=1; set +f ;; *) aegis_noglob=0 ;; esac  # mvnw runs with set -f
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$home/bin/javac" ] || continue
    v=$(aegis_java_major "$home/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$aegis_min" ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
  done
  [ "$aegis_noglob" = 0 ] || set -f
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "AegisOps needs a JDK $aegis_min or newer; none found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
  echo "Install one (for example: apt-get install openjdk-21-jdk-headless) and run again." >&2
  return 1
}
