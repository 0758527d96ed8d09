package io.berth.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class DefaultSpecTest {
    /** containerd 2's populateDefaultUnixSpec and default mounts, written as Go writes them. */
    @Test
    void theDefaultIsContainerdsAsJson() {
        String caps = "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_SETGID\","
                + "\"CAP_SETUID\",\"CAP_SETPCAP\",\"CAP_NET_BIND_SERVICE\",\"CAP_KILL\"]";
        String expected = "{\"ociVersion\":\"1.1.0\","
                + "\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"cwd\":\"/\",\"capabilities\":{\"bounding\":" + caps
                + ",\"effective\":" + caps + ",\"permitted\":" + caps + "},"
                + "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],\"noNewPrivileges\":true},"
                + "\"root\":{\"path\":\"rootfs\"},"
                + "\"mounts\":["
                + "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\",\"options\":[\"nosuid\",\"noexec\","
                + "\"nodev\"]},"
                + "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\","
                + "\"strictatime\",\"mode=755\",\"size=65536k\"]},"
                + "{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\",\"options\":[\"nosuid\","
                + "\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\",\"gid=5\"]},"
                + "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\","
                + "\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},"
                + "{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":\"mqueue\",\"options\":[\"nosuid\","
                + "\"noexec\",\"nodev\"]},"
                + "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\","
                + "\"noexec\",\"nodev\",\"ro\"]},"
                + "{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\","
                + "\"strictatime\",\"mode=755\",\"size=65536k\"]}],"
                + "\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},"
                + "\"cgroupsPath\":\"/k8s.io/c1\","
                + "\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"},"
                + "{\"type\":\"network\"}],"
                + "\"maskedPaths\":[\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\","
                + "\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\","
                + "\"/sys/firmware\",\"/sys/devices/virtual/powercap\",\"/proc/scsi\"],"
                + "\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\","
                + "\"/proc/sysrq-trigger\"]}}";
        assertEquals(expected,
                new String(SpecJson.write(DefaultSpec.linux("k8s.io", "c1")), StandardCharsets.UTF_8));
    }

    @Test
    void aNamespaceOrIdThatWouldLeaveTheCgroupIsRefused() {
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(BerthException.class, () -> DefaultSpec.linux("default", "../escape")).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(BerthException.class, () -> DefaultSpec.linux("a/b", "c1")).kind());
    }
}
