package io.berth.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.berth.api.plugin.PluginInfo;

class IntrospectionServiceTest {
    private static PluginInfo plugin(PluginInfo.Status status, String message, List<String> platforms) {
        return new PluginInfo("io.containerd.snapshotter.v1", "btrfs", List.of("io.containerd.content.v1"),
                platforms, Map.of("root", "/var/lib/berth/x"), List.of("remap-ids"), status, message);
    }

    @Test
    void aRunningPluginHasNoInitError() {
        var proto = IntrospectionService.toProto(plugin(PluginInfo.Status.OK, "", List.of("linux/amd64")));
        assertFalse(proto.hasInitErr());
        assertEquals("btrfs", proto.getId());
        assertEquals(List.of("io.containerd.content.v1"), proto.getRequiresList());
        assertEquals("/var/lib/berth/x", proto.getExportsOrThrow("root"));
        assertEquals("amd64", proto.getPlatforms(0).getArchitecture());
    }

    @Test
    void aSkippedPluginSaysSoTheWayCtrRecognises() {
        var proto = IntrospectionService.toProto(plugin(PluginInfo.Status.SKIP, "not a btrfs filesystem", List.of()));
        assertEquals("not a btrfs filesystem: skip plugin", proto.getInitErr().getMessage());
    }

    @Test
    void aFailedPluginCarriesItsReason() {
        var proto = IntrospectionService.toProto(plugin(PluginInfo.Status.ERROR, "disk full", List.of()));
        assertEquals("disk full", proto.getInitErr().getMessage());
        assertFalse(proto.getInitErr().getMessage().contains(IntrospectionService.SKIP_PLUGIN));
    }

    @Test
    void platformsParseWithAndWithoutVariant() {
        var arm = IntrospectionService.platform("linux/arm/v7");
        assertEquals("linux", arm.getOs());
        assertEquals("arm", arm.getArchitecture());
        assertEquals("v7", arm.getVariant());
        assertTrue(IntrospectionService.platform("linux").getArchitecture().isEmpty());
    }
}
