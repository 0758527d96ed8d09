package io.berth.oci;

import java.util.List;

import io.berth.api.namespaces.Identifiers;
import io.berth.api.namespaces.Namespaces;

/**
 * containerd's default spec for a Linux container: root in {@code rootfs}, new pid, ipc, uts, mount and network
 * namespaces, the usual pseudo-filesystems, containerd 2's default capabilities, kernel interfaces masked or
 * read-only, every device denied, and the cgroup {@code /<namespace>/<id>}.
 */
public final class DefaultSpec {
    /**
     * The runtime spec version the default follows: 1.1.0, as nothing in it is newer, because crun 1.8 (Debian 12's)
     * refuses to run a spec of version 1.2.0.
     */
    public static final String OCI_VERSION = "1.1.0";

    private static final String RWM = "rwm";
    private static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL");
    private static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi");
    private static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final List<Mount> MOUNTS = List.of(
            new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new Mount("/dev/pts", "devpts", "devpts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
            new Mount("/run", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
    private static final List<Namespace> NAMESPACES = List.of(new Namespace("pid"), new Namespace("ipc"),
            new Namespace("uts"), new Namespace("mount"), new Namespace("network"));

    private DefaultSpec() {
    }

    /**
     * The default spec of a container.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for a namespace or id that is not a valid
     *         identifier: both become a cgroup path
     */
    public static Spec linux(String namespace, String id) {
        Namespaces.validate(namespace);
        Identifiers.validate("container id", id);
        Process process = new Process(false, null, new User(0, 0, null, List.of()), List.of(), List.of(), "/",
                new Capabilities(CAPABILITIES, CAPABILITIES, List.of(), CAPABILITIES, List.of()),
                List.of(new Rlimit("RLIMIT_NOFILE", 1024, 1024)), true, "", null, "");
        Resources resources = new Resources(List.of(new DeviceRule(false, "", null, null, RWM)), null, null, null,
                List.of(), null);
        Linux linux = new Linux(List.of(), List.of(), null, resources, "/" + namespace + "/" + id, NAMESPACES,
                List.of(), null, "", MASKED_PATHS, READONLY_PATHS, "");
        return new Spec(OCI_VERSION, process, new Root("rootfs", false), "", "", MOUNTS, null, null, linux);
    }
}
