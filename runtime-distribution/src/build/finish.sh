#!/bin/sh
# Finishes the assembled distribution in $1: writes etc/config.toml (the full default
# configuration, from the bundles' metatype) and trains the JDK AOT caches lib/berthd.aot and
# lib/cli/berth.aot with one start of the daemon on a private root, state and socket, answering
# the CLI and, where it can run containers (root, with ctr, runc, the runc shim and busybox), the
# workload of train.sh; then SIGTERM.
set -eu
dist=$1
"$dist/bin/berthd" config default > "$dist/etc/config.toml"

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    # A workload cut short may leave shims (started with the training socket) and mounts behind.
    pkill -KILL -f -- "-address $work/berth.sock" 2>/dev/null || true
    awk -v work="$work/" 'index($5, work) == 1 { print $5 }' /proc/self/mountinfo | sort -r \
        | while read -r mounted; do umount "$mounted" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
: > "$work/config.toml"
rm -f "$dist/lib/berthd.aot" "$dist/lib/cli/berth.aot"

BERTH_AOT_OUTPUT="$dist/lib/berthd.aot" "$dist/bin/berthd" -c "$work/config.toml" \
    --root "$work/root" --state "$work/state" -a "$work/berth.sock" 2>"$work/berthd.log" &
pid=$!
tries=0
until "$dist/bin/berth" --address "$work/berth.sock" version >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "finish.sh: the training run of berthd did not answer; its log:" >&2
        cat "$work/berthd.log" >&2
        exit 1
    fi
    sleep 0.5
done
can_run_containers() {
    [ "$(id -u)" = 0 ] || return 1
    for tool in ctr runc containerd-shim-runc-v2 busybox; do
        command -v "$tool" >/dev/null || return 1
    done
}
if can_run_containers; then
    mkdir "$work/training"
    timeout 600 sh "$(dirname "$0")/train.sh" "$work/berth.sock" "$work/training" 2>"$work/training.log" \
        || { echo "finish.sh: warning: the training workload failed; the AOT cache covers less:" >&2
             cat "$work/training.log" >&2; }
else
    echo "finish.sh: the AOT cache is trained without containers (that needs root, ctr, runc," \
        "containerd-shim-runc-v2 and busybox)" >&2
fi
BERTH_AOT_OUTPUT="$dist/lib/cli/berth.aot" "$dist/bin/berth" --address "$work/berth.sock" plugins --detailed >/dev/null
kill -TERM "$pid"
wait "$pid"
pid=
for cache in "$dist/lib/berthd.aot" "$dist/lib/cli/berth.aot"; do
    [ -f "$cache" ] || { echo "finish.sh: no AOT cache $cache was written" >&2; cat "$work/berthd.log" >&2; exit 1; }
done
