package io.berth.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.berth.api.plugin.PluginInfo;

class PluginTableTest {
    @Test
    void alignsColumnsAndExplainsFailuresBelow() {
        String table = PluginTable.render(List.of(
                new PluginInfo("io.containerd.grpc.v1", "version", List.of(), List.of(), Map.of(), List.of(),
                        PluginInfo.Status.OK, ""),
                new PluginInfo("io.containerd.snapshotter.v1", "btrfs", List.of(), List.of("linux/amd64"), Map.of(),
                        List.of(), PluginInfo.Status.SKIP, "not a btrfs filesystem")));
        assertEquals("""
                TYPE                            ID         PLATFORMS      STATUS
                io.containerd.grpc.v1           version    -              ok
                io.containerd.snapshotter.v1    btrfs      linux/amd64    skip
                io.containerd.snapshotter.v1.btrfs: not a btrfs filesystem""", table);
    }
}
