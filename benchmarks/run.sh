#!/bin/sh
# Container run benchmark, side by side with Debian's containerd (not a test; run as root):
#   1. `ctr run --rm IMAGE id true` end to end: container and snapshot, task create and start
#      through the runc v2 shim, the exit, the task's and container's removal;
#   2. create + start through ctr: `ctr task start -d --null-io` of a container created
#      beforehand, which is Containers.Get, Snapshots.Mounts, Tasks.Create and Tasks.Start;
#   3. delete through ctr: `ctr task rm` of a task that has exited, which is Tasks.Delete: the
#      shim's delete, its shutdown and the bundle's removal;
#   4. `ctr version`: what one ctr process and one RPC cost, the floor under the numbers above;
#   5. create + start through the API: Tasks.Create and Tasks.Start alone, timed by a client that keeps
#      one connection to each daemon, as the kubelet and containerd's Go client do
#      (benchmarks/src/main/java/io/berth/benchmarks/TaskStartLatency.java), after the rounds above.
# Beside the times it reports the CPU time each daemon's own threads used per round (not their shims'):
# on a small node that time is taken from the containers, and a JVM's compiler threads count in it.
# Both daemons run at once, each on its own empty root, state and socket, with the same small
# busybox image pulled from Debian's docker-registry on 127.0.0.1. After a few untimed warm-up
# rounds, every round times each daemon once, the order alternating between rounds, so both see
# the same load (other work on the machine shows in `uptime`, printed with the results).
# Medians of N rounds; ratios berthd/containerd (lower is better; the goal is <= 1), each with the
# 95% interval that resampling the rounds gives it.
#
#   benchmarks/run.sh [rounds [warm-up]]     (default 20 and 3; build first: ./mvnw -DskipTests package)
# A node's daemon runs for days: a warm-up of a hundred rounds or so measures it with its hot paths compiled,
# as it runs most of its life; the default few rounds measure it soon after its start.
# BERTH_BENCH_DIR (default /var/tmp) holds the registry and both daemons' roots and state.
set -eu
rounds=${1:-20}
warm_up=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd -P)
berthd="$here/runtime-distribution/target/berth/bin/berthd"
[ -x "$berthd" ] && [ -d "$here/benchmarks/target/lib" ] || { echo "run.sh: build first (./mvnw -DskipTests package)" >&2; exit 1; }
for tool in containerd ctr containerd-shim-runc-v2 runc docker-registry skopeo umoci busybox; do
    command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (sh .ci/packages installs it)" >&2; exit 1; }
done

. "$here/runtime-distribution/src/main/dist/lib/jdk.sh"
berth_find_java

work=$(mktemp -d -p "${BERTH_BENCH_DIR:-/var/tmp}" berth-bench.XXXXXX)
. "$here/benchmarks/lib.sh"
trap bench_cleanup EXIT

echo "building and pushing a busybox image ..." >&2
start_registry
build_busybox_image "$work/oci" run
push_image "$work/oci:run" bench/run:1

echo "starting containerd and berthd ..." >&2
start_daemon containerd
containerd_sock=$sock containerd_pid=$pid
start_daemon berthd
berthd_sock=$sock berthd_pid=$pid
for sock in "$containerd_sock" "$berthd_sock"; do
    ctr --address "$sock" images pull --plain-http "$image" >/dev/null
done

run_rm() { ctr --address "$1" run --rm "$image" "$2" true; }
create_start() {
    ctr --address "$1" container create "$image" "$2" true
    began=$(now_ns)
    ctr --address "$1" task start -d --null-io "$2"
    elapsed=$(( $(now_ns) - began ))
    ctr --address "$1" task rm -f "$2"
    ctr --address "$1" container rm "$2"
}
delete_task() {
    ctr --address "$1" run -d --null-io "$image" "$2" true
    tries=0
    until ctr --address "$1" task ls | awk -v id="$2" '$1 == id { print $3 }' | grep -qx STOPPED; do
        tries=$((tries + 1))
        [ "$tries" -lt 1000 ] || bench_fail "task $2 did not stop"
        sleep 0.01
    done
    began=$(now_ns)
    ctr --address "$1" task rm "$2"
    elapsed=$(( $(now_ns) - began ))
    ctr --address "$1" container rm "$2"
}
version() { ctr --address "$1" version; }

# Times one operation against one daemon into $work/<what>.<kind>; create_start and delete_task
# time themselves.
timed() {
    what=$1 kind=$2 id=$3
    eval "sock=\$${kind}_sock"
    began=$(now_ns)
    "$what" "$sock" "$id" >/dev/null 2>>"$work/ctr.log"
    elapsed=${elapsed:-$(( $(now_ns) - began ))}
    echo $(( elapsed / 1000 )) >>"$work/$what.$kind"
    elapsed=
}

# CPU time, in ms, that the threads of process $1 have used so far (user and system).
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) * 1000 / hz }' "/proc/$1/stat"; }
cpu_from_here() { containerd_cpu=$(cpu_ms "$containerd_pid") berthd_cpu=$(cpu_ms "$berthd_pid"); }

elapsed=
round=0
cpu_from_here
while [ "$round" -lt $((warm_up + rounds)) ]; do
    round=$((round + 1))
    if [ $((round % 2)) -eq 0 ]; then order="containerd berthd"; else order="berthd containerd"; fi
    for what in run_rm create_start delete_task version; do
        for kind in $order; do
            timed "$what" "$kind" "bench-$round"
        done
    done
    if [ "$round" -eq "$warm_up" ]; then
        rm -f "$work"/run_rm.* "$work"/create_start.* "$work"/delete_task.* "$work"/version.*
        cpu_from_here
        echo "timing $rounds rounds ..." >&2
    fi
done

load=$(uptime | sed 's/.*load average: //')
containerd_cpu=$(awk -v a="$containerd_cpu" -v b="$(cpu_ms "$containerd_pid")" -v n="$rounds" 'BEGIN { print (b - a) / n }')
berthd_cpu=$(awk -v a="$berthd_cpu" -v b="$(cpu_ms "$berthd_pid")" -v n="$rounds" 'BEGIN { print (b - a) / n }')

echo "timing Tasks.Create + Start through the API, $warm_up + $rounds rounds ..." >&2
"$java" -cp "$here/benchmarks/target/classes:$here/benchmarks/target/lib/*" io.berth.benchmarks.TaskStartLatency \
    "$image" "$rounds" "$warm_up" "$work" containerd="$containerd_sock" berthd="$berthd_sock" 2>"$work/api.log" \
    || { cat "$work/api.log" >&2; bench_fail "the API client failed"; }

ms() { median <"$work/$1.$2" | awk '{ printf "%.1f", $1 / 1000 }'; }
printf '\n%-52s %11s %11s %7s %13s\n' "median of $rounds, ms" containerd berthd ratio "95% interval"
for what in run_rm create_start delete_task version api_create_start; do
    case $what in
    run_rm) label="ctr run --rm IMAGE id true (end to end)" ;;
    create_start) label="ctr task start -d (Tasks.Create + Start)" ;;
    delete_task) label="ctr task rm of an exited task (Tasks.Delete)" ;;
    version) label="ctr version (one ctr process, one RPC)" ;;
    api_create_start) label="Tasks.Create + Start through the API" ;;
    esac
    c=$(ms "$what" containerd) b=$(ms "$what" berthd)
    printf '%-52s %11s %11s %6.2fx %13s\n' "$label" "$c" "$b" "$(awk -v b="$b" -v c="$c" 'BEGIN { print b / c }')" \
        "$(ratio_interval "$work/$what.containerd" "$work/$what.berthd" | awk '{ printf "%.2f-%.2fx", $1, $2 }')"
done
awk -v cr="$(ms run_rm containerd)" -v br="$(ms run_rm berthd)" -v cs="$(ms create_start containerd)" \
    -v bs="$(ms create_start berthd)" -v cv="$(ms version containerd)" -v bv="$(ms version berthd)" \
    -v ca="$(ms api_create_start containerd)" -v ba="$(ms api_create_start berthd)" 'BEGIN {
    printf "less the ctr floor: run --rm %.2fx, ctr task start %.2fx\n", (br - bv) / (cr - cv), (bs - bv) / (cs - cv)
    printf "goal <= 1 for run --rm and for create + start through the API: %s\n", (br <= cr && ba <= ca ? "met" : "not met")
}'
printf 'daemon CPU per round of the ctr rounds (its own threads): containerd %.0f ms, berthd %.0f ms (%.2fx)\n' \
    "$containerd_cpu" "$berthd_cpu" "$(awk -v b="$berthd_cpu" -v c="$containerd_cpu" 'BEGIN { print b / c }')"
echo "load average at the end of the ctr rounds: $load"
