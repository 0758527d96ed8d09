package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PidMappingTest {
    private static final String FILE = "/etc/berth/config.toml";

    private static Map<String, Map<String, Object>> map(String toml) throws ConfigFileException {
        return PidMapping.toPids(new TomlParser().parse(toml, FILE), FILE);
    }

    @Test
    void topLevelKeysGoToTheDaemonPid() throws Exception {
        Map<String, Map<String, Object>> pids = map("""
                version = 3
                root = "/srv/berth"
                oom_score = -999
                """);
        assertEquals(Map.of("io.berth.daemon", Map.of("version", 3L, "root", "/srv/berth", "oom.score", -999L)), pids);
    }

    @Test
    void pluginSectionsGoToTheirUriVerbatim() throws Exception {
        Map<String, Map<String, Object>> pids = map("""
                [plugins."io.containerd.snapshotter.v1.overlayfs"]
                root_path = ""
                upperdir_label = false
                [plugins."io.containerd.gc.v1.scheduler"]
                pause_threshold = 0.02
                """);
        assertEquals(Set.of("io.containerd.snapshotter.v1.overlayfs", "io.containerd.gc.v1.scheduler"), pids.keySet());
        assertEquals(Map.of("root.path", "", "upperdir.label", false), pids.get("io.containerd.snapshotter.v1.overlayfs"));
        assertEquals(Map.of("pause.threshold", 0.02), pids.get("io.containerd.gc.v1.scheduler"));
    }

    @Test
    void otherTablesGoToBerthPids() throws Exception {
        Map<String, Map<String, Object>> pids = map("""
                [grpc]
                address = "/run/berth/berth.sock"
                max_recv_message_size = 16777216
                [debug]
                level = "debug"
                """);
        assertEquals(Map.of(
                "io.berth.grpc", Map.of("address", "/run/berth/berth.sock", "max.recv.message.size", 16777216L),
                "io.berth.debug", Map.of("level", "debug")), pids);
    }

    @Test
    void emptySectionStillMakesItsPid() throws Exception {
        assertEquals(Map.of("io.berth.metrics", Map.of()), map("[metrics]\n"));
    }

    @Test
    void emptyFileMakesNoPid() throws Exception {
        assertEquals(Map.of(), map(""));
    }

    @Test
    void nestedTablesJoinWithDotsAndUnderscoresBecomeDots() throws Exception {
        Map<String, Map<String, Object>> pids = map("""
                [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
                runtime_type = "io.containerd.runc.v2"
                [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
                SystemdCgroup = true
                """);
        assertEquals(Map.of(
                "containerd.runtimes.runc.runtime.type", "io.containerd.runc.v2",
                "containerd.runtimes.runc.options.SystemdCgroup", true), pids.get("io.containerd.cri.v1.runtime"));
    }

    @Test
    void arraysBecomeTypedJavaArrays() throws Exception {
        Map<String, Object> daemon = map("""
                disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs"]
                ports = [1, 2]
                flags = [true, false]
                ratios = [0.5, 1.5]
                none = []
                """).get("io.berth.daemon");
        assertArrayEquals(new String[] {"io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs"},
                (String[]) daemon.get("disabled.plugins"));
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) daemon.get("ports"));
        assertArrayEquals(new Boolean[] {true, false}, (Boolean[]) daemon.get("flags"));
        assertArrayEquals(new Double[] {0.5, 1.5}, (Double[]) daemon.get("ratios"));
        assertArrayEquals(new String[0], (String[]) daemon.get("none"));
    }

    @Test
    void arrayOfTablesIsNumbered() throws Exception {
        Map<String, Object> transfer = map("""
                [[plugins."io.containerd.transfer.v1.local".unpack_config]]
                platform = "linux/amd64"
                snapshotter = "overlayfs"
                [[plugins."io.containerd.transfer.v1.local".unpack_config]]
                platform = "linux/arm64"
                """).get("io.containerd.transfer.v1.local");
        assertEquals(Map.of(
                "unpack.config.0.platform", "linux/amd64",
                "unpack.config.0.snapshotter", "overlayfs",
                "unpack.config.1.platform", "linux/arm64"), transfer);
    }

    @Test
    void datesStayText() throws Exception {
        assertEquals("2026-11-23", map("since = 2026-11-23\n").get("io.berth.daemon").get("since"));
    }

    @Test
    void mixedArrayIsRefusedWithItsPlace() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> map("""
                [grpc]
                values = [1, "two"]
                """));
        assertEquals(FILE + ": [grpc] values: an array must hold only strings, only integers, only floats,"
                + " only booleans or only tables to become a configuration property", e.getMessage());
    }

    @Test
    void keysThatCollideAfterMappingAreRefused() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> map("""
                [grpc]
                max_size = 1
                max.size = 2
                """));
        assertTrue(e.getMessage().startsWith(FILE + ": [grpc] max.size: becomes the property \"max.size\""),
                e.getMessage());
    }

    @Test
    void keysDifferingOnlyInCaseAreRefused() {
        assertThrows(ConfigFileException.class, () -> map("""
                [grpc]
                Address = "a"
                address = "b"
                """));
    }

    @Test
    void twoSectionsForOnePidAreRefused() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> map("""
                [grpc]
                address = "a"
                [plugins."io.berth.grpc"]
                address = "b"
                """));
        assertEquals(FILE + ": [grpc] and [plugins.\"io.berth.grpc\"] both configure io.berth.grpc", e.getMessage());
    }

    @Test
    void pluginEntryMustBeATable() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> map("""
                [plugins]
                cri = 1
                """));
        assertEquals(FILE + ": [plugins.cri] must be a table", e.getMessage());
    }
}
