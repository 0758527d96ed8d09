package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.Options;

class RuntimeSelectionTest {
    private final ConfiguredRuntimes runtimes = new ConfiguredRuntimes(RuntimeTables.parse(Map.of(
            "runtimes.logged.runtime.type", "io.containerd.runc.v2",
            "runtimes.logged.options.BinaryName", "/opt/logged-runc",
            "runtimes.logged.options.SystemdCgroup", true)), "runc");

    @Test
    void aConfiguredNameIsItsTypeAndOptions() throws InvalidProtocolBufferException {
        RuntimeSelection crun = RuntimeSelection.of(runtimes, "crun", null);

        assertEquals("io.containerd.runc.v2", crun.type());
        assertEquals("containerd.runc.v1.Options", crun.options().typeUrl());
        assertEquals(Options.newBuilder().setBinaryName("crun").build(), Options.parseFrom(crun.options().value()));
        Options logged = Options.parseFrom(RuntimeSelection.of(runtimes, "logged", null).options().value());
        assertEquals(Options.newBuilder().setBinaryName("/opt/logged-runc").setSystemdCgroup(true).build(), logged);
    }

    @Test
    void aConfiguredNameWithoutOptionsGivesTheShimNone() {
        RuntimeSelection runc = RuntimeSelection.of(runtimes, "runc", new TypedValue("", new byte[0]));

        assertEquals("io.containerd.runc.v2", runc.type());
        assertNull(runc.options());
    }

    @Test
    void theClientsOptionsWinOverTheConfiguredOnes() {
        TypedValue given = new TypedValue("containerd.runc.v1.Options",
                Options.newBuilder().setBinaryName("runc").build().toByteArray());

        assertSame(given, RuntimeSelection.of(runtimes, "crun", given).options());
    }

    @Test
    void aRuntimeTypeOrShimPathIsTakenAsItIs() {
        TypedValue given = new TypedValue("containerd.runc.v1.Options", new byte[0]);

        assertEquals(new RuntimeSelection("io.containerd.runc.v2", given),
                RuntimeSelection.of(runtimes, "io.containerd.runc.v2", given));
        assertEquals(new RuntimeSelection("/usr/bin/containerd-shim-runc-v2", null),
                RuntimeSelection.of(runtimes, "/usr/bin/containerd-shim-runc-v2", null));
    }

    @Test
    void anUnknownNameIsNotFoundWithTheConfiguredNames() {
        BerthException refused = assertThrows(BerthException.class,
                () -> RuntimeSelection.of(runtimes, "kata", null));

        assertEquals(ErrorKind.NOT_FOUND, refused.kind());
        assertTrue(refused.getMessage().startsWith("runtime kata is not configured: it should be one of"
                + " [crun, logged, runc]"), refused.getMessage());
    }
}
