#!/usr/bin/env bash
# Assembles the base image of Compozy's service images as a Docker-archive tar that Jib reads with
# tar:// (no registry, no Docker daemon): a minimal root from the distribution's own packages (the
# C and C++ runtimes, base files, /etc/services; no shell, no package manager), a Java runtime
# linked with jlink from the JDK that runs the build, and, for the "jre-node" flavour (the
# execution-service, whose script tools run in Node.js), the node binary on the build's PATH.
#
#   build-base-image.sh FLAVOUR OUT_TAR        FLAVOUR: jre | jre-node
#
# Needs apt-get and dpkg-deb (any Debian or Ubuntu host, as root when the package lists are
# missing), JAVA_HOME (21+) and, for jre-node, node (20+). The tar is rebuilt only when its inputs
# change (this script, the JDK, the node binary, the package versions).
set -euo pipefail

flavour="${1:?usage: build-base-image.sh jre|jre-node OUT_TAR}"
out="${2:?usage: build-base-image.sh jre|jre-node OUT_TAR}"
case "$flavour" in jre|jre-node) ;; *) echo "build-base-image: unknown flavour '$flavour' (jre or jre-node)" >&2; exit 2 ;; esac
: "${JAVA_HOME:?build-base-image: JAVA_HOME is not set (source bin/java-home.sh)}"
for tool in apt-get dpkg-deb sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "build-base-image: $tool is missing: the base image is assembled from Debian or Ubuntu packages" >&2; exit 2; }
done

# The runtime's uid/gid: no root in the images (65532 is the distroless "nonroot" convention).
uid=65532
packages=(base-files netbase libc6 libgcc-s1 libstdc++6 zlib1g)
# What the services need of the JDK: Spring and Netty (desktop for java.beans, unsupported,
# management, instrument), Postgres and Kafka clients (sql, naming, security), the HTTP clients.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

node_bin=""
if [ "$flavour" = jre-node ]; then
  node_bin="$(command -v node || true)"
  [ -n "$node_bin" ] || { echo "build-base-image: node is not on PATH: the execution-service image carries Node.js for script tools" >&2; exit 2; }
  node_bin="$(readlink -f "$node_bin")"
fi

work="$(dirname "$out")/base-image-$flavour"
mkdir -p "$work"
cache="${COMPOZY_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/compozy/debs}"
mkdir -p "$cache"

versions=""
for p in "${packages[@]}"; do
  v="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null; v="$(apt-cache policy "$p" | awk '/Candidate:/ {print $2}')"; fi
    [ -n "$v" ] && [ "$v" != "(none)" ] || { echo "build-base-image: no candidate for package $p (run apt-get update)" >&2; exit 2; }
  fi
  versions+="$p=$v "
done
inputs="$(sha256sum "$0" | cut -c1-64) $("$JAVA_HOME/bin/java" -version 2>&1 | tr '\n' ' ') $versions ${node_bin:+$(sha256sum "$node_bin" | cut -c1-64)}"
if [ -f "$out" ] && [ -f "$out.inputs" ] && [ "$(cat "$out.inputs")" = "$inputs" ]; then
  echo "build-base-image: $out is up to date"
  exit 0
fi

# Layer 1, shared by every image: the packages' files and the Java runtime.
root="$work/root"
rm -rf "$root" "$work/node-root"
mkdir -p "$root"
for pv in $versions; do
  p="${pv%%=*}" v="${pv#*=}"
  debs=("$cache/${p}_${v//:/%3a}_"*.deb)
  if [ ! -f "${debs[0]}" ]; then
    (cd "$cache" && apt-get download -qq -o APT::Sandbox::User=root "$p=$v" >/dev/null 2>"$work/apt.err") \
      || { echo "build-base-image: cannot download $p=$v: $(tail -1 "$work/apt.err")" >&2; exit 2; }
    debs=("$cache/${p}_${v//:/%3a}_"*.deb)
  fi
  dpkg-deb -x "${debs[0]}" "$root"
done
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/share/gcc" "$root/usr/share/gdb"
mkdir -p "$root/etc" "$root/tmp" "$root/home/compozy" "$root/opt"
chmod 1777 "$root/tmp"
cat > "$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
compozy:x:$uid:$uid:compozy:/home/compozy:/sbin/nologin
EOF
cat > "$root/etc/group" <<EOF
root:x:0:
compozy:x:$uid:
EOF
echo "hosts: files dns" > "$root/etc/nsswitch.conf"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$root/opt/java" >/dev/null

layer() { # DIR TAR: a reproducible layer (sorted, epoch times, root-owned but for the user's home)
  local dir="$1" tarfile="$2"
  local common=(--sort=name --mtime=@0 --numeric-owner --format=posix
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$dir")
  if [ -d "$dir/home/compozy" ]; then
    tar -cf "$tarfile" "${common[@]}" --owner=0 --group=0 --exclude=./home/compozy .
    tar -rf "$tarfile" "${common[@]}" --owner=$uid --group=$uid ./home/compozy
  else
    tar -cf "$tarfile" "${common[@]}" --owner=0 --group=0 .
  fi
}

image="$work/image"
rm -rf "$image"
mkdir -p "$image"
layer "$root" "$image/runtime.tar"
layers=(runtime.tar)
if [ -n "$node_bin" ]; then
  mkdir -p "$work/node-root/usr/local/bin"
  cp "$node_bin" "$work/node-root/usr/local/bin/node"
  layer "$work/node-root" "$image/node.tar"
  layers+=(node.tar)
fi

diff_ids=""
layer_list=""
for l in "${layers[@]}"; do
  diff_ids+="${diff_ids:+,}\"sha256:$(sha256sum "$image/$l" | cut -c1-64)\""
  layer_list+="${layer_list:+,}\"$l\""
done
java_version="$("$root/opt/java/bin/java" -version 2>&1 | head -1 | sed 's/"/\\"/g')"
cat > "$image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"$uid:$uid","WorkingDir":"/home/compozy",
  "Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","HOME=/home/compozy","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.description":"Compozy base: $flavour ($java_version) on ${versions% }"}},
 "rootfs":{"type":"layers","diff_ids":[$diff_ids]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/build-base-image.sh $flavour"}]}
EOF
cat > "$image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["compozy-base:$flavour"],"Layers":[$layer_list]}]
EOF
tar -cf "$out.tmp" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$image" manifest.json config.json "${layers[@]}"
mv "$out.tmp" "$out"
printf '%s' "$inputs" > "$out.inputs"
rm -rf "$root" "$work/node-root" "$image"
echo "build-base-image: wrote $out ($(du -h "$out" | cut -f1))"
