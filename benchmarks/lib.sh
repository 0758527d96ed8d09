# Helpers of the benchmark scripts beside this file; sourced, not run. A script sets $here (the
# repository), $berthd and $work (its scratch directory), and traps EXIT with bench_cleanup.

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The 95% interval of the ratio of medians, file $2 over file $1 (one time a line, line n of both
# from the same round), by resampling whole rounds 2000 times: how far the ratio may be from the
# truth with this many rounds on this machine's noise. Prints "low high".
ratio_interval() {
    paste "$1" "$2" | awk 'function sorted(v, n,  i, j, t) {
        for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j > 0 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    }
    function med(v, n) {
        sorted(v, n)
        return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { a[NR] = $1; b[NR] = $2 }
    END {
        srand(1)
        for (r = 1; r <= 2000; r++) {
            for (i = 1; i <= NR; i++) { k = int(rand() * NR) + 1; x[i] = a[k]; y[i] = b[k] }
            q[r] = med(y, NR) / med(x, NR)
        }
        sorted(q, 2000)
        printf "%.2f %.2f\n", q[50], q[1951]
    }'
}
bench_fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

daemons= registry= netns=
# Kills what the script started and unmounts what its daemons left under $work, deepest first.
bench_cleanup() {
    for daemon in $daemons; do
        kill -KILL "$daemon" 2>/dev/null || true
    done
    [ -n "$registry" ] && kill -TERM "$registry" 2>/dev/null || true
    [ -n "$netns" ] && ip netns delete "$netns" 2>/dev/null || true
    awk -v work="$work/" 'index($5, work) == 1 { print $5 }' /proc/self/mountinfo | sort -r \
        | while read -r mounted; do umount "$mounted" 2>/dev/null || true; done
    rm -rf "$work"
}

# Starts one daemon kind (containerd or berthd) on an empty directory, $work/<kind>-run unless a
# second argument names another; sets $pid and $sock, and waits until the socket answers.
start_daemon() {
    kind=$1 dir=${2:-$work/$1-run}
    rm -rf "$dir"
    mkdir -p "$dir"
    case $kind in
    containerd)
        printf 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n' >"$dir/config.toml"
        sock="$dir/containerd.sock"
        containerd -c "$dir/config.toml" --root "$dir/root" --state "$dir/state" -a "$sock" >"$dir/log" 2>&1 &
        ;;
    berthd)
        : >"$dir/config.toml"
        sock="$dir/berth.sock"
        "$berthd" -c "$dir/config.toml" --root "$dir/root" --state "$dir/state" -a "$sock" >"$dir/log" 2>&1 &
        ;;
    esac
    pid=$!
    daemons="$daemons $pid"
    until ctr --address "$sock" --timeout 100ms version >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; bench_fail "$kind died"; }
        sleep 0.01
    done
}

# Stops the daemon $1, or the one $pid names, and waits for it.
stop_daemon() {
    stopping=${1:-$pid}
    kill -TERM "$stopping"
    wait "$stopping" 2>/dev/null || true
    daemons=$(for daemon in $daemons; do [ "$daemon" = "$stopping" ] || echo "$daemon"; done)
}

# Starts Debian's docker-registry on 127.0.0.1; sets $registry (its pid), $registry_host and $port.
# With BERTH_BENCH_RATE set (a tc rate, e.g. 200mbit) it serves instead from a network namespace of
# its own, across a veth pair whose registry end sends at that rate (tc htb): a registry over a link,
# not the loopback.
start_registry() {
    port=$(( 20000 + $$ % 20000 ))
    registry_host=127.0.0.1
    if [ -n "${BERTH_BENCH_RATE:-}" ]; then
        netns=berth-bench-$$
        subnet=10.251.$(( $$ % 250 ))
        ip netns add "$netns"
        ip link add "bb$$h" type veth peer name "bb$$r" netns "$netns"
        ip addr add "$subnet.1/30" dev "bb$$h"
        ip link set "bb$$h" up
        ip -n "$netns" addr add "$subnet.2/30" dev "bb$$r"
        ip -n "$netns" link set "bb$$r" up
        tc -n "$netns" qdisc add dev "bb$$r" root handle 1: htb default 1
        tc -n "$netns" class add dev "bb$$r" parent 1: classid 1:1 htb rate "$BERTH_BENCH_RATE"
        registry_host=$subnet.2
    fi
    cat >"$work/registry.yml" <<YAML
version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: $registry_host:$port }
YAML
    if [ -n "$netns" ]; then
        ip netns exec "$netns" docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
    else
        docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
    fi
    registry=$!
}

# Builds an OCI image of one layer holding busybox-static in the layout $1, tag $2, and leaves its
# unpacked bundle in $work/bundle for more layers.
build_busybox_image() {
    umoci init --layout "$1" >/dev/null
    umoci new --image "$1:$2" >/dev/null
    umoci unpack --rootless --image "$1:$2" "$work/bundle" >/dev/null
    mkdir -p "$work/bundle/rootfs/bin"
    cp "$(command -v busybox)" "$work/bundle/rootfs/bin/busybox"
    for applet in sh true sleep; do
        ln -s busybox "$work/bundle/rootfs/bin/$applet"
    done
    umoci repack --image "$1:$2" "$work/bundle" >/dev/null
}

# Pushes the image $1 (an oci: reference) to the registry as $2 (repository:tag); sets $image.
push_image() {
    # The registry may still be starting: the push is retried until it answers.
    tries=0
    until skopeo copy -q --dest-tls-verify=false "oci:$1" "docker://$registry_host:$port/$2" 2>/dev/null; do
        tries=$((tries + 1))
        kill -0 "$registry" && [ "$tries" -lt 100 ] || { cat "$work/registry.log" >&2; bench_fail "registry failed"; }
        sleep 0.1
    done
    image="$registry_host:$port/$2"
}
