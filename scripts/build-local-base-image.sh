#!/usr/bin/env bash
# Builds aegisops/busybox:local, the 2 MB image the container tests run, from the host's busybox-static.
# For machines with no image registry (CI here). A user's machine pulls normal images instead.
set -euo pipefail
IMAGE=${1:-aegisops/busybox:local}
BUSYBOX=$(command -v busybox || true)
if [ -z "$BUSYBOX" ] || ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
  [ -x /bin/busybox ] && BUSYBOX=/bin/busybox
fi
[ -n "$BUSYBOX" ] || { echo "busybox-static is not installed (apt-get install busybox-static)" >&2; exit 1; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "image $IMAGE already present"
  exit 0
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/www"
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/:/bin/sh' > "$root/etc/passwd"
echo ok > "$root/www/health"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$IMAGE" >/dev/null
echo "built $IMAGE"
