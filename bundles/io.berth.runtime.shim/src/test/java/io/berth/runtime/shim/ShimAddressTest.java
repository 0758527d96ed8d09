package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class ShimAddressTest {
    @Test
    void aBareAddressAsContainerd1ShimsPrintIt() {
        ShimAddress address = ShimAddress.parse("unix:///run/containerd/s/b22453ea\n");
        assertEquals("unix:///run/containerd/s/b22453ea", address.address());
        assertEquals(Path.of("/run/containerd/s/b22453ea"), address.socket());
        assertEquals(2, address.version());
    }

    @Test
    void bootstrapParametersAsContainerd2ShimsPrintThem() {
        ShimAddress address = ShimAddress.parse(
                "{\"version\":3,\"address\":\"unix:///run/containerd/s/abc\",\"protocol\":\"ttrpc\"}");
        assertEquals(Path.of("/run/containerd/s/abc"), address.socket());
        assertEquals(3, address.version());
    }

    @Test
    void anythingElseIsRefusedWithWhatTheShimPrinted() {
        for (String output : List.of("", "   ", "tcp://127.0.0.1:1", "unix://", "unix://relative/sock",
                "{\"version\":2,\"address\":\"unix:///s\",\"protocol\":\"grpc\"}", "{not json",
                "unix:///a\nunix:///b")) {
            BerthException e = assertThrows(BerthException.class, () -> ShimAddress.parse(output), output);
            assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind(), output);
        }
    }
}
