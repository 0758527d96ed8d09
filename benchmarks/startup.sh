#!/bin/sh
# Start-up benchmark, side by side with Debian's containerd (not a test; run as root):
#   time from process start until the socket answers a Version RPC, and the idle resident memory
#   a few seconds after that. Each daemon kind gets a private root, state and socket: one first
#   start on the empty root, then N restarts on it (a daemon's usual start; the median is
#   reported). Both are probed with Debian's ctr, so the probe's own cost is the same on both.
#
#   benchmarks/startup.sh [runs]          (default 5; build first: ./mvnw -DskipTests package)
set -eu
runs=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd -P)
berthd="$here/runtime-distribution/target/berth/bin/berthd"
[ -x "$berthd" ] || { echo "startup.sh: build the distribution first (./mvnw -DskipTests package)" >&2; exit 1; }
command -v containerd >/dev/null && command -v ctr >/dev/null \
    || { echo "startup.sh: needs Debian's containerd package (containerd, ctr)" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

# Starts "$@" in the background (pid in $pid), waits until ctr's Version call answers on $sock,
# and sets $ms to the milliseconds that took.
time_to_answer() {
    sock=$1; shift
    began=$(now_ns)
    "$@" >"$work/daemon.log" 2>&1 &
    pid=$!
    # A short timeout: a probe that connects between the socket file appearing and the server
    # listening is refused, and grpc-go would wait out its whole timeout before trying again.
    until ctr --address "$sock" --timeout 100ms version >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { echo "startup.sh: daemon died:" >&2; cat "$work/daemon.log" >&2; exit 1; }
        sleep 0.005
    done
    ms=$(( ($(now_ns) - began) / 1000000 ))
}

rss_mib() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

stop() {
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Starts one daemon kind on $dir and stops it again; sets $ms and $rss.
start_once() {
    kind=$1 dir=$2
    case $kind in
    berthd)
        time_to_answer "$dir/berth.sock" "$berthd" -c "$dir/config.toml" \
            --root "$dir/root" --state "$dir/state" -a "$dir/berth.sock"
        ;;
    berthd-noaot)
        BERTH_JAVA_OPTS="-XX:AOTMode=off" time_to_answer "$dir/berth.sock" "$berthd" -c "$dir/config.toml" \
            --root "$dir/root" --state "$dir/state" -a "$dir/berth.sock"
        ;;
    containerd)
        time_to_answer "$dir/containerd.sock" containerd -c "$dir/config.toml" \
            --root "$dir/root" --state "$dir/state" -a "$dir/containerd.sock"
        ;;
    esac
    sleep 5
    rss=$(rss_mib "$pid")
    stop
}

# One daemon kind: a first start, then $runs restarts; sets $first, $restart_ms and $rss. (Not run in a
# subshell: the exit trap must see $pid.)
measure() {
    kind=$1
    dir="$work/$kind"
    mkdir -p "$dir"
    case $kind in
    containerd) printf 'version = 2\n' >"$dir/config.toml" ;;
    *) : >"$dir/config.toml" ;;
    esac
    start_once "$kind" "$dir"
    first=$ms
    : >"$work/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        start_once "$kind" "$dir"
        echo "$ms" >>"$work/times"
    done
    restart_ms=$(median <"$work/times")
}

printf 'measuring a first start and %d restarts of each (idle RSS 5 s after the answer) ...\n' "$runs" >&2
measure containerd; c_first=$first c_ms=$restart_ms c_rss=$rss
measure berthd; b_first=$first b_ms=$restart_ms b_rss=$rss
measure berthd-noaot; n_first=$first n_ms=$restart_ms n_rss=$rss

printf '\n%-26s %12s %16s %10s\n' "" "first start" "restart (median)" "idle RSS"
printf '%-26s %9s ms %13s ms %6s MiB\n' "containerd $(containerd --version | awk '{print $3}')" "$c_first" "$c_ms" "$c_rss"
printf '%-26s %9s ms %13s ms %6s MiB\n' "berthd (AOT cache)" "$b_first" "$b_ms" "$b_rss"
printf '%-26s %9s ms %13s ms %6s MiB\n' "berthd (no AOT cache)" "$n_first" "$n_ms" "$n_rss"
awk -v b="$b_ms" -v c="$c_ms" -v bf="$b_first" -v cf="$c_first" -v br="$b_rss" -v cr="$c_rss" 'BEGIN {
    printf "\nratio berthd/containerd: restart %.2fx, first start %.2fx, idle RSS %.2fx\n", b / c, bf / cf, br / cr
    printf "goal: start <= 500 ms (%s), idle RSS <= 60 MiB (%s)\n", (b <= 500 ? "met" : "not met"), (br <= 60 ? "met" : "not met")
}'
