#!/bin/sh
# Pull benchmark, side by side with Debian's containerd (not a test; run as root): the cold pull and unpack
# into overlayfs of a ~150 MB image of 7 layers from Debian's docker-registry on 127.0.0.1, timed
#   - with `ctr images pull --plain-http` into containerd (ctr fetches, then unpacks through the daemon),
#   - with the same `ctr images pull` into berthd,
#   - with `berth pull --plain-http` into berthd (the daemon fetches and unpacks by itself).
# The image is built here with umoci: a busybox layer, five layers of generated trees (LayerTree: thousands of
# files of log-normal sizes, text, binary and incompressible data, some symlinks) and a last layer that deletes a
# directory and rewrites files of the others (whiteouts). Cold means an empty content store and no snapshots:
# every timed run starts its daemon on a fresh root, pulls once untimed and removes what it stored (images rm
# --sync, then the snapshots leaf first, then a --sync lease delete, so garbage collection has run), then times
# the pull: a node's daemon runs for days, so its steady state is measured, not a JVM's first minute. Before the
# timed pull the disk is synced and left alone for $settle seconds (default 31): ext4 without a journal will not
# reuse an inode freed in the last 30 s and scans past every one of them (recently_deleted in ext4_create), which
# on the removal of thousands of files just before makes every creation slow, for either daemon. The three ways
# take turns run by run, so that the load of a shared machine weighs on all alike.
# Medians of N runs; ratios to containerd (lower is better; the goal is 0.8x).
#
#   benchmarks/pull.sh [runs [settle]]     (default 5 and 31; build first: ./mvnw -DskipTests package)
# BERTH_DIST names another distribution directory to measure (an earlier build, for a before and after).
# BERTH_BENCH_DIR (default /var/tmp) holds the registry, both daemons' roots and state: on a tmpfs (/dev/shm, with
# a settle of 0) the disk drops out and what is left is the daemons' own work, run to run within a few per cent;
# on a disk, its writeback can make one daemon's pulls vary by a factor of two from run to run.
# BERTH_BENCH_RATE (a tc rate, e.g. 200mbit) puts the registry across a link of that rate, in a network namespace
# of its own, as a registry on another machine is; unset, it serves on the loopback.
set -eu
runs=${1:-5}
settle=${2:-31}
here=$(cd "$(dirname "$0")/.." && pwd -P)
dist=${BERTH_DIST:-$here/runtime-distribution/target/berth}
berthd="$dist/bin/berthd"
berth="$dist/bin/berth"
classes="$here/benchmarks/target/classes"
[ -x "$berthd" ] && [ -x "$berth" ] && [ -d "$classes" ] \
    || { echo "pull.sh: build first (./mvnw -DskipTests package)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "pull.sh: run as root (overlayfs snapshots)" >&2; exit 1; }
for tool in containerd ctr docker-registry skopeo umoci busybox ${BERTH_BENCH_FRESH_EXT4:+mkfs.ext4}; do
    command -v "$tool" >/dev/null || { echo "pull.sh: needs $tool (sh .ci/packages installs it)" >&2; exit 1; }
done
. "$here/runtime-distribution/src/main/dist/lib/jdk.sh"
berth_find_java

work=$(mktemp -d -p "${BERTH_BENCH_DIR:-/var/tmp}" berth-bench.XXXXXX)
. "$here/benchmarks/lib.sh"
trap bench_cleanup EXIT

# Stops the daemon and unmounts what it left, so that the next start may remove its directory.
stop_and_unmount() {
    stop_daemon
    awk -v work="$work/" 'index($5, work) == 1 { print $5 }' /proc/self/mountinfo | sort -r \
        | while read -r mounted; do umount -l "$mounted"; done
}

echo "building and pushing a ~150 MB image of 7 layers ..." >&2
start_registry
oci="$work/oci"
rootfs="$work/bundle/rootfs"
umoci init --layout "$oci" >/dev/null
umoci new --image "$oci:bench" >/dev/null
umoci unpack --rootless --image "$oci:bench" "$work/bundle" >/dev/null
mkdir -p "$rootfs/bin" "$rootfs/etc"
cp "$(command -v busybox)" "$rootfs/bin/busybox"
for applet in sh ls cat cp mv rm mkdir; do ln -s busybox "$rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
umoci repack --refresh-bundle --image "$oci:bench" "$work/bundle" >/dev/null
for layer in 1 2 3 4 5; do
    "$java" -cp "$classes" io.berth.benchmarks.LayerTree "$rootfs/usr/layer$layer" "$layer" 42
    umoci repack --refresh-bundle --image "$oci:bench" "$work/bundle" >/dev/null
done
# The last layer removes a directory of the first tree and rewrites a file in every other one.
rm -rf "$rootfs/usr/layer1/d0"
find "$rootfs/usr" -name 'f*0.txt' -exec sh -c 'echo rewritten >"$1"' _ {} \;
umoci repack --refresh-bundle --image "$oci:bench" "$work/bundle" >/dev/null
rm -rf "$work/bundle"
push_image "$oci:bench" bench/image:1
rm -rf "$oci"
image_bytes=$(du -sb "$work/registry" | cut -f1)
layers=$(skopeo inspect --raw --tls-verify=false "docker://$image" | grep -o '"application/vnd[^"]*layer[^"]*"' | wc -l)

ctr_pull() { ctr --address "$sock" images pull --plain-http "$image"; }
berth_pull() { "$berth" -a "$sock" pull --plain-http "$image"; }
# Removing the image leaves its blobs to the collection; the snapshots are named by the image's config only,
# so they are removed top first, and a --sync lease delete waits for a collection of whatever is left.
unpull() {
    ctr --address "$sock" images rm --sync "$image"
    while leaves=$(ctr --address "$sock" snapshots ls | awk 'NR > 1 { key[$1] = 1; if (NF == 3) parent[$2] = 1 }
            END { for (k in key) if (!(k in parent)) print k }') && [ -n "$leaves" ]; do
        for leaf in $leaves; do ctr --address "$sock" snapshots rm "$leaf"; done
    done
    ctr --address "$sock" leases create --id collect
    ctr --address "$sock" leases rm --sync collect
    [ -z "$(ctr --address "$sock" content ls -q)" ] || bench_fail "content left after unpull"
}

# With BERTH_BENCH_FRESH_EXT4 set, each timed pull's daemon runs on an ext4 filesystem made for it alone, in a
# file under $work mounted through a loop device: the filesystem then holds no trace of the runs before (the
# inodes and blocks they freed), which on a long-lived one makes the same daemon's unpack cost from 0.3 to 5 s of
# system CPU depending on what ran before it.
daemon_dir() {
    if [ -n "${BERTH_BENCH_FRESH_EXT4:-}" ]; then
        rm -f "$work/fresh.img"
        truncate -s 4G "$work/fresh.img"
        mkfs.ext4 -q "$work/fresh.img"
        mkdir -p "$work/fresh"
        mount -o loop "$work/fresh.img" "$work/fresh"
        echo "$work/fresh/$1-run"
    else
        echo "$work/$1-run"
    fi
}

# One timed cold pull of way $1 (daemon kind $2, pull command $3), appended to $work/$1.
timed_pull() {
    start_daemon "$2" "$(daemon_dir "$2")"
    $3 >/dev/null
    unpull >/dev/null
    sync
    sleep "$settle"
    began=$(now_ns)
    $3 >/dev/null
    echo $(( ($(now_ns) - began) / 1000000 )) >>"$work/$1"
    stop_and_unmount
}

echo "pulling $image ($layers layers, $((image_bytes / 1000000)) MB in the registry), $runs runs of each way ..." >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
: >"$work/containerd" ; : >"$work/ctr-berthd" ; : >"$work/berth-pull"
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    timed_pull containerd containerd ctr_pull
    timed_pull ctr-berthd berthd ctr_pull
    timed_pull berth-pull berthd berth_pull
    echo "run $i: containerd $(tail -1 "$work/containerd") ms, ctr->berthd $(tail -1 "$work/ctr-berthd") ms," \
        "berth pull $(tail -1 "$work/berth-pull") ms (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
c=$(median <"$work/containerd")
b=$(median <"$work/ctr-berthd")
p=$(median <"$work/berth-pull")

printf '\n%-48s %10s %10s\n' "cold pull + unpack, $((image_bytes / 1000000)) MB, $layers layers" "median ms" "ratio"
printf '%-48s %10s %10s\n' "ctr images pull -> containerd $(containerd --version | awk '{print $3}')" "$c" "1.00x"
printf '%-48s %10s %9sx\n' "ctr images pull -> berthd" "$b" "$(awk -v b="$b" -v c="$c" 'BEGIN { printf "%.2f", b / c }')"
printf '%-48s %10s %9sx\n' "berth pull (daemon-side) -> berthd" "$p" "$(awk -v b="$p" -v c="$c" 'BEGIN { printf "%.2f", b / c }')"
awk -v b="$b" -v p="$p" -v c="$c" 'BEGIN {
    printf "\ngoal berthd <= 0.8x containerd: ctr images pull %s, berth pull %s\n", \
        (b / c <= 0.8 ? "met" : "not met"), (p / c <= 0.8 ? "met" : "not met")
}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
