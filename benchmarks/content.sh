#!/bin/sh
# Content benchmark, side by side with Debian's containerd (not a test; run as root):
#   1. this machine's raw sha256sum speed over a 1 GiB file: the ceiling of any content store;
#   2. ingest of that blob through the gRPC Write stream, driven by Debian's `ctr content ingest`,
#      into berthd and into containerd;
#   3. the in-process ingest path of Berth's local content store (JMH, ContentIngestBenchmark);
#   4. `ctr content fetch --plain-http` of a ~150 MB, 6-layer image from Debian's docker-registry
#      on 127.0.0.1, into berthd and into containerd;
#   5. `ctr images pull --plain-http` of the same image: fetch and unpack into overlayfs.
# Every timed run starts its daemon on an empty root, does the operation once untimed and removes
# what it stored (a delete with --sync, so garbage collection has run), then times it: a node's
# daemon runs for days, so its steady state is measured, not the JVM's first minute. Both daemons
# are treated alike.
# Medians of N runs; ratios berthd/containerd (lower is better).
#
#   benchmarks/content.sh [runs]     (default 5; build first: ./mvnw -DskipTests package)
# BERTH_BENCH_DIR (default /var/tmp) holds the blob, the registry and both daemons' roots.
set -eu
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd -P)
berthd="$here/runtime-distribution/target/berth/bin/berthd"
classes="$here/benchmarks/target/classes"
[ -x "$berthd" ] && [ -d "$classes" ] \
    || { echo "content.sh: build first (./mvnw -DskipTests package)" >&2; exit 1; }
for tool in containerd ctr docker-registry skopeo umoci busybox sha256sum; do
    command -v "$tool" >/dev/null || { echo "content.sh: needs $tool (sh .ci/packages installs it)" >&2; exit 1; }
done
. "$here/runtime-distribution/src/main/dist/lib/jdk.sh"
berth_find_java

work=$(mktemp -d -p "${BERTH_BENCH_DIR:-/var/tmp}" berth-bench.XXXXXX)
. "$here/benchmarks/lib.sh"
trap bench_cleanup EXIT

mb_per_s() { awk -v bytes="$1" -v ms="$2" 'BEGIN { printf "%.0f", bytes / 1e6 / (ms / 1000) }'; }

# Runs $2 against a fresh daemon of kind $1, $runs times, each after one untimed run undone by $3;
# sets $result_ms to the median milliseconds. (Not run in a subshell: the exit trap must see $daemons.)
timed_runs() {
    kind=$1 operation=$2 undo=$3
    : >"$work/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        start_daemon "$kind"
        $operation >/dev/null
        $undo >/dev/null
        began=$(now_ns)
        $operation >/dev/null
        echo $(( ($(now_ns) - began) / 1000000 )) >>"$work/times"
        stop_daemon
    done
    result_ms=$(median <"$work/times")
}

echo "writing a 1 GiB blob of random data ..." >&2
blob="$work/blob"
head -c 1073741824 /dev/urandom >"$blob"
size=$(stat -c %s "$blob")
digest="sha256:$(sha256sum "$blob" | cut -d' ' -f1)"

echo "sha256sum, $runs runs ..." >&2
: >"$work/times"
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    began=$(now_ns)
    sha256sum "$blob" >/dev/null
    echo $(( ($(now_ns) - began) / 1000000 )) >>"$work/times"
done
hash_ms=$(median <"$work/times")

ingest() { ctr --address "$sock" content ingest --expected-size "$size" --expected-digest "$digest" bench <"$blob"; }
# Removing the namespace's reference leaves the blob to a collection, which a --sync delete waits for.
uningest() {
    ctr --address "$sock" content rm "$digest"
    ctr --address "$sock" leases create --id collect
    ctr --address "$sock" leases rm --sync collect
}
echo "ctr content ingest into containerd and berthd, $runs runs each ..." >&2
timed_runs containerd ingest uningest; c_ingest=$result_ms
timed_runs berthd ingest uningest; b_ingest=$result_ms

echo "in-process ingest (JMH) ..." >&2
"$java" -cp "$classes:$here/benchmarks/target/lib/*" org.openjdk.jmh.Main ContentIngestBenchmark \
    -p directory="$work" -rf csv -rff "$work/jmh.csv" >"$work/jmh.log" 2>&1 \
    || { cat "$work/jmh.log" >&2; exit 1; }
jmh_ms=$(awk -F, 'NR == 2 { printf "%.0f", $5 }' "$work/jmh.csv")

echo "building and pushing a ~150 MB image of 6 layers ..." >&2
start_registry
oci="$work/oci"
build_busybox_image "$oci" bench
layer=1
while [ "$layer" -le 5 ]; do
    head -c 31457280 /dev/urandom >"$work/bundle/rootfs/data-$layer"
    umoci repack --refresh-bundle --image "$oci:bench" "$work/bundle" >/dev/null
    layer=$((layer + 1))
done
push_image "$oci:bench" bench/image:1
image_bytes=$(du -sb "$work/registry" | cut -f1)

fetch() { ctr --address "$sock" content fetch --plain-http "$image"; }
unfetch() { ctr --address "$sock" images rm --sync "$image"; }
echo "ctr content fetch into containerd and berthd, $runs runs each ..." >&2
timed_runs containerd fetch unfetch; c_fetch=$result_ms
timed_runs berthd fetch unfetch; b_fetch=$result_ms

# Removing the image leaves its blobs and snapshots to the collection a --sync delete waits for.
unpull() { ctr --address "$sock" images rm --sync "$image"; }
pull() {
    ctr --address "$sock" images rm --sync "$image"
    while snapshots=$(ctr --address "$sock" snapshots ls | awk 'NR > 1 { if (NF == 3) print $1, $2; else print $1 }') && [ -n "$snapshots" ]; do
        echo "$snapshots" | awk '{ key[$1] = 1; if (NF > 1) parent[$2] = 1 } END { for (k in key) if (!(k in parent)) print k }' \
            | while read -r leaf; do ctr --address "$sock" snapshots rm "$leaf"; done
    done
}
pull() { ctr --address "$sock" images pull --plain-http "$image"; }
echo "ctr images pull into containerd and berthd, $runs runs each ..." >&2
timed_runs containerd pull unpull; c_pull=$result_ms
timed_runs berthd pull unpull; b_pull=$result_ms

printf '\n%-44s %10s %10s\n' "" "median ms" "MB/s"
printf '%-44s %10s %10s\n' "sha256sum, 1 GiB (this machine's ceiling)" "$hash_ms" "$(mb_per_s "$size" "$hash_ms")"
printf '%-44s %10s %10s\n' "ctr content ingest 1 GiB -> containerd" "$c_ingest" "$(mb_per_s "$size" "$c_ingest")"
printf '%-44s %10s %10s\n' "ctr content ingest 1 GiB -> berthd (gRPC)" "$b_ingest" "$(mb_per_s "$size" "$b_ingest")"
printf '%-44s %10s %10s\n' "berth local store, in process (JMH)" "$jmh_ms" "$(mb_per_s "$size" "$jmh_ms")"
printf '%-44s %10s %10s\n' "ctr content fetch $((image_bytes / 1000000)) MB -> containerd" "$c_fetch" "$(mb_per_s "$image_bytes" "$c_fetch")"
printf '%-44s %10s %10s\n' "ctr content fetch $((image_bytes / 1000000)) MB -> berthd" "$b_fetch" "$(mb_per_s "$image_bytes" "$b_fetch")"
printf '%-44s %10s %10s\n' "ctr images pull $((image_bytes / 1000000)) MB -> containerd" "$c_pull" "$(mb_per_s "$image_bytes" "$c_pull")"
printf '%-44s %10s %10s\n' "ctr images pull $((image_bytes / 1000000)) MB -> berthd" "$b_pull" "$(mb_per_s "$image_bytes" "$b_pull")"
awk -v bi="$b_ingest" -v ci="$c_ingest" -v bf="$b_fetch" -v cf="$c_fetch" -v bp="$b_pull" -v cp="$c_pull" 'BEGIN {
    printf "\nratio berthd/containerd: ingest %.2fx, fetch %.2fx (goal 1.2x: %s), pull %.2fx (goal 0.8x: %s)\n", \
        bi / ci, bf / cf, (bf / cf <= 1.2 ? "met" : "not met"), bp / cp, (bp / cp <= 0.8 ? "met" : "not met")
}'
