#!/bin/sh
# The AOT training run's workload: what a node's clients ask of a daemon most, through Debian's
# real ctr, so that the cache holds the classes and method profiles of those paths and a daemon
# just started runs them sooner at full speed. Run by finish.sh against the training daemon:
#   train.sh SOCKET DIR     (DIR: an empty scratch directory; needs root, ctr, runc,
#                            containerd-shim-runc-v2 and busybox)
# Each round is one `ctr run --rm`, one container created, its task started and removed, and a
# few listings: new connections and calls as ctr makes them, content, images, snapshots, shims.
set -eu
sock=$1 dir=$2
rounds=${BERTH_TRAIN_ROUNDS:-40}
image=berth.train/busybox:1
c() { ctr --address "$sock" --namespace berth-training "$@"; }

# A one-layer OCI image archive of busybox-static, as `ctr images import` reads it.
digest_of() { sha256sum "$1" | cut -d' ' -f1; }
size_of() { wc -c <"$1" | tr -d ' '; }
case $(uname -m) in
x86_64) arch=amd64 ;;
aarch64) arch=arm64 ;;
*) arch=$(uname -m) ;;
esac
mkdir -p "$dir/rootfs/bin" "$dir/oci/blobs/sha256"
cp "$(command -v busybox)" "$dir/rootfs/bin/busybox"
for applet in sh true sleep; do
    ln -s busybox "$dir/rootfs/bin/$applet"
done
tar -C "$dir/rootfs" -cf "$dir/layer.tar" .
layer=$(digest_of "$dir/layer.tar")
mv "$dir/layer.tar" "$dir/oci/blobs/sha256/$layer"
printf '{"architecture":"%s","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$arch" "$layer" >"$dir/config.json"
config=$(digest_of "$dir/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(size_of "$dir/config.json")" "$layer" "$(size_of "$dir/oci/blobs/sha256/$layer")" >"$dir/manifest.json"
manifest=$(digest_of "$dir/manifest.json")
mv "$dir/config.json" "$dir/oci/blobs/sha256/$config"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s"}}]}' \
    "$manifest" "$(size_of "$dir/manifest.json")" "$image" >"$dir/oci/index.json"
mv "$dir/manifest.json" "$dir/oci/blobs/sha256/$manifest"
printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci/oci-layout"
tar -C "$dir/oci" -cf "$dir/image.tar" .

c images import "$dir/image.tar" >/dev/null
round=0
while [ "$round" -lt "$rounds" ]; do
    round=$((round + 1))
    c run --rm "$image" "run-$round" true
    c containers create "$image" "task-$round" true
    c tasks start -d --null-io "task-$round"
    c tasks ls >/dev/null
    c tasks rm -f "task-$round" >/dev/null
    c containers rm "task-$round"
    c version >/dev/null 2>&1
    if [ $((round % 10)) -eq 0 ]; then
        for listing in containers images snapshots content leases namespaces plugins; do
            c "$listing" ls >/dev/null
        done
    fi
done
c images rm --sync "$image" >/dev/null
