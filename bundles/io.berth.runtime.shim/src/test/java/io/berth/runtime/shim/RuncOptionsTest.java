package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.Options;

class RuncOptionsTest {
    private static final Path RUNC_SHIM = Path.of("/usr/bin/containerd-shim-runc-v2");
    private static final Path ROOT = Path.of("/run/berth/runc");

    @Test
    void aRuncShimWithoutOptionsGetsOnlyTheRoot() throws InvalidProtocolBufferException {
        TypedValue options = RuncOptions.withDefaultRoot(null, RUNC_SHIM, ROOT);
        assertEquals("containerd.runc.v1.Options", options.typeUrl());
        assertEquals(Options.newBuilder().setRoot("/run/berth/runc").build(), Options.parseFrom(options.value()));
    }

    @Test
    void runcOptionsKeepWhatTheySayAndGetTheRootWhenTheyNameNone() throws InvalidProtocolBufferException {
        TypedValue crun = new TypedValue("containerd.runc.v1.Options",
                Options.newBuilder().setBinaryName("crun").setSystemdCgroup(true).build().toByteArray());

        Options filled = Options.parseFrom(RuncOptions.withDefaultRoot(crun, RUNC_SHIM, ROOT).value());

        assertEquals("crun", filled.getBinaryName());
        assertEquals(true, filled.getSystemdCgroup());
        assertEquals("/run/berth/runc", filled.getRoot());
    }

    @Test
    void aRootTheOptionsNameWins() {
        TypedValue own = new TypedValue("containerd.runc.v1.Options",
                Options.newBuilder().setRoot("/mine").build().toByteArray());
        assertSame(own, RuncOptions.withDefaultRoot(own, RUNC_SHIM, ROOT));
    }

    @Test
    void otherShimsAndOtherOptionTypesAreLeftAlone() {
        assertNull(RuncOptions.withDefaultRoot(null, Path.of("/usr/bin/containerd-shim-kata-v2"), ROOT));
        TypedValue other = new TypedValue("runtimeoptions.v1.Options", new byte[] {1, 2});
        assertSame(other, RuncOptions.withDefaultRoot(other, RUNC_SHIM, ROOT));
    }

    @Test
    void runcOptionsThatDoNotParseAreInvalid() {
        TypedValue broken = new TypedValue("containerd.runc.v1.Options", new byte[] {(byte) 0xff, 0x01});
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(BerthException.class, () -> RuncOptions.withDefaultRoot(broken, RUNC_SHIM, ROOT)).kind());
    }
}
