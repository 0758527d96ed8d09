package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.berth.api.runtime.RuntimeHandler;

class RuntimeTablesTest {
    @Test
    void withoutTablesRuncAndCrunAreConfigured() {
        Map<String, RuntimeHandler> runtimes = RuntimeTables.parse(Map.of("shim.search.path", ""));

        assertEquals(Map.of(
                "runc", new RuntimeHandler("runc", "io.containerd.runc.v2", Map.of(), false),
                "crun", new RuntimeHandler("crun", "io.containerd.runc.v2", Map.of("BinaryName", "crun"), false)),
                runtimes);
    }

    @Test
    void aTableAddsARuntimeWithItsTypeOptionsAndPrivilegedFlag() {
        Map<String, RuntimeHandler> runtimes = RuntimeTables.parse(Map.of(
                "runtimes.logged.runtime.type", "io.containerd.runc.v2",
                "runtimes.logged.privileged.without.host.devices", true,
                "runtimes.logged.options.BinaryName", "/usr/local/bin/logged-runc",
                "runtimes.logged.options.SystemdCgroup", true,
                "runtimes.logged.options.IoUid", 1000L));

        assertEquals(new RuntimeHandler("logged", "io.containerd.runc.v2",
                Map.of("BinaryName", "/usr/local/bin/logged-runc", "SystemdCgroup", true, "IoUid", 1000L), true),
                runtimes.get("logged"));
        assertEquals(3, runtimes.size());
    }

    @Test
    void aTableOfABuiltInNameChangesOnlyTheFieldsItGives() {
        Map<String, RuntimeHandler> runtimes = RuntimeTables.parse(Map.of(
                "runtimes.crun.options.Root", "/run/my-crun"));

        assertEquals(Map.of("BinaryName", "crun", "Root", "/run/my-crun"), runtimes.get("crun").options());
        assertEquals("io.containerd.runc.v2", runtimes.get("crun").type());
    }

    @Test
    void aRuntimeOfAnotherTypeNeedsNoOptions() {
        Map<String, RuntimeHandler> runtimes = RuntimeTables.parse(Map.of(
                "runtimes.runsc.runtime.type", "io.containerd.runsc.v1"));

        assertEquals(new RuntimeHandler("runsc", "io.containerd.runsc.v1", Map.of(), false), runtimes.get("runsc"));
    }

    @Test
    void tablesThatCannotBeUsedAreRefusedWithTheirKey() {
        assertRefused("runtimes.kata: runtime_type must be set",
                Map.of("runtimes.kata.privileged.without.host.devices", true));
        assertRefused("runtimes.crun.options.BinaryNam is not an option of the runc shim",
                Map.of("runtimes.crun.options.BinaryNam", "crun"));
        assertRefused("runtimes.crun.options.SystemdCgroup must be a boolean",
                Map.of("runtimes.crun.options.SystemdCgroup", "yes"));
        assertRefused("runtimes.crun.options.IoUid must be an integer from 0 to 4294967295",
                Map.of("runtimes.crun.options.IoUid", -1L));
        assertRefused("runtimes.runc.runtime_type must be a string",
                Map.of("runtimes.runc.runtime.type", 2L));
        assertRefused("runtimes.my.runtime_runtime_type is not a runtime key",
                Map.of("runtimes.my.runtime.runtime.type", "io.containerd.runc.v2"));
        assertRefused("runtimes.runsc: options are known only for io.containerd.runc.* runtimes",
                Map.of("runtimes.runsc.runtime.type", "io.containerd.runsc.v1",
                        "runtimes.runsc.options.Root", "/run/runsc"));
        assertRefused("runtimes.plain must be a table", Map.of("runtimes.plain", "runc"));
    }

    @Test
    void theDefaultNameMustBeAConfiguredRuntime() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ConfiguredRuntimes(RuntimeTables.builtIn(), "kata"));
        assertEquals("default_runtime_name kata is none of the runtimes [crun, runc]", refused.getMessage());
    }

    private static void assertRefused(String start, Map<String, Object> properties) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RuntimeTables.parse(properties));
        assertTrue(refused.getMessage().startsWith(start), refused.getMessage());
    }
}
