package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.berth.proto.containerd.services.version.v1.VersionGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixChannelsTest {
    @TempDir
    Path dir;

    @Test
    void callsAServerOnAUnixSocketAndStopsCleanly() throws IOException, InterruptedException {
        try (FakeDaemon daemon = new FakeDaemon(dir.resolve("berth.sock"), List.of())) {
            ManagedChannel channel = UnixChannels.open(daemon.socket());
            try {
                String version = VersionGrpc.newBlockingStub(channel).version(Empty.getDefaultInstance()).getVersion();
                assertEquals(FakeDaemon.VERSION, version);
            } finally {
                channel.shutdown();
            }
            assertTrue(channel.awaitTermination(10, TimeUnit.SECONDS), "channel and its event loop stop");
        }
    }
}
