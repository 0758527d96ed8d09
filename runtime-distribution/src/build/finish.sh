#!/bin/sh
# Finishes the assembled distribution in $1: writes etc/config.toml (the full default
# configuration, from the bundles' metatype) and trains the JDK AOT caches lib/berthd.aot and
# lib/cli/berth.aot with one start of the daemon on a private root, state and socket, answering
# the CLI, then SIGTERM.
set -eu
dist=$1
"$dist/bin/berthd" config default > "$dist/etc/config.toml"

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
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
BERTH_AOT_OUTPUT="$dist/lib/cli/berth.aot" "$dist/bin/berth" --address "$work/berth.sock" plugins --detailed >/dev/null
kill -TERM "$pid"
wait "$pid"
pid=
for cache in "$dist/lib/berthd.aot" "$dist/lib/cli/berth.aot"; do
    [ -f "$cache" ] || { echo "finish.sh: no AOT cache $cache was written" >&2; cat "$work/berthd.log" >&2; exit 1; }
done
