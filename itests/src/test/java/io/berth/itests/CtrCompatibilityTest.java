package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.proto.grpc.health.v1.HealthCheckRequest;
import io.berth.proto.grpc.health.v1.HealthCheckResponse;
import io.berth.proto.grpc.health.v1.HealthGrpc;
import io.berth.proto.runtime.v1.ImageServiceGrpc;
import io.berth.proto.runtime.v1.ListImagesRequest;
import io.berth.proto.runtime.v1.RunPodSandboxRequest;
import io.berth.proto.runtime.v1.RuntimeServiceGrpc;
import io.berth.proto.runtime.v1.VersionRequest;
import io.berth.proto.runtime.v1.VersionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Debian's real ctr, and the berth CLI, against a running berthd. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtrCompatibilityTest {
    @TempDir
    static Path dir;

    private DaemonProcess daemon;
    private Ctr ctr;

    @BeforeAll
    void startDaemon() throws Exception {
        Ctr.assumeInstalled();
        daemon = DaemonProcess.start(dir.resolve("berthd"), "");
        ctr = new Ctr(daemon.socket());
    }

    @AfterAll
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** The TYPE, ID and STATUS columns of a ctr-style plugin table. */
    private static Set<String> pluginRows(String table) {
        return table.lines().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.trim().split("\\s+"))
                .filter(cols -> cols.length == 4)
                .map(cols -> cols[0] + " " + cols[1] + " " + cols[3])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void ctrVersionPrintsTheServersVersionAndUuid() throws Exception {
        String out = ctr.run("version").expectSuccess().out();
        String uuid = Files.readString(daemon.root().resolve("io.containerd.grpc.v1.introspection/uuid")).strip();
        String server = out.substring(out.indexOf("Server:"));
        assertTrue(server.contains("Version:  0.1.0"), out);
        assertTrue(server.contains("UUID: " + uuid), out);
    }

    @Test
    void ctrPluginsListsBerthsPluginsWithContainerdTypeStrings() throws Exception {
        Set<String> rows = pluginRows(ctr.run("plugins", "ls").expectSuccess().out());
        assertTrue(rows.containsAll(List.of(
                "io.containerd.grpc.v1 version ok",
                "io.containerd.grpc.v1 introspection ok",
                "io.containerd.grpc.v1 healthcheck ok",
                "io.containerd.grpc.v1 cri ok")), rows.toString());
    }

    /** containerd's Go client (IsServing) and gRPC health probes ask this, with no namespace. */
    @Test
    void theHealthServiceSaysTheDaemonIsServing() {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(daemon.channel())
                .check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }

    @Test
    void berthPluginsShowsTheSameTableAsCtr() throws Exception {
        Set<String> fromCtr = pluginRows(ctr.run("plugins", "ls").expectSuccess().out());
        Set<String> fromBerth = pluginRows(Command.run(Distribution.berth(), "--address", daemon.socket(), "plugins")
                .expectSuccess().out());
        assertTrue(fromCtr.size() >= 3, fromCtr.toString());
        assertEquals(fromCtr, fromBerth);
    }

    @Test
    void ctrPluginFiltersUseContainerdsFilterSyntax() throws Exception {
        Set<String> rows = pluginRows(ctr.run("plugins", "ls", "id==version").expectSuccess().out());
        assertEquals(Set.of("io.containerd.grpc.v1 version ok"), rows);
        Set<String> either = pluginRows(ctr.run("plugins", "ls", "id==version", "id==cri").expectSuccess().out());
        assertEquals(Set.of("io.containerd.grpc.v1 version ok", "io.containerd.grpc.v1 cri ok"), either);
    }

    @Test
    void aMalformedPluginFilterIsAnInvalidArgument() throws Exception {
        Command.Result result = ctr.run("plugins", "ls", "id==");
        assertNotEquals(0, result.exit());
        assertTrue(result.err().toLowerCase().contains("invalid"), result.err());
    }

    @Test
    void berthVersionShowsClientAndServer() throws Exception {
        String out = Command.run(Distribution.berth(), "--address", daemon.socket(), "version").expectSuccess().out();
        assertTrue(out.startsWith("Client:"), out);
        assertTrue(out.contains("Server:"), out);
        assertTrue(out.contains("UUID:"), out);
    }

    @Test
    void berthPluginsAsJsonForScripts() throws Exception {
        String json = Command.run(Distribution.berth(), "--address", daemon.socket(), "--format", "json", "plugins")
                .expectSuccess().out();
        assertTrue(json.strip().startsWith("{") || json.strip().startsWith("["), json);
        assertTrue(json.contains("\"io.containerd.grpc.v1\""), json);
    }

    @Test
    void criVersionAnswersAsBerth() {
        VersionResponse version = RuntimeServiceGrpc.newBlockingStub(daemon.channel())
                .version(VersionRequest.newBuilder().setVersion("v1").build());
        assertEquals("berth", version.getRuntimeName());
        assertEquals("v1", version.getRuntimeApiVersion());
        assertEquals("0.1.0", version.getVersion());
        assertTrue(version.getRuntimeVersion().startsWith("0.1.0"), version.getRuntimeVersion());
    }

    @Test
    void criRpcsNotWrittenYetAnswerUnimplementedWithTheirName() {
        var channel = daemon.channel();
        StatusRuntimeException run = assertThrows(StatusRuntimeException.class, () ->
                RuntimeServiceGrpc.newBlockingStub(channel).runPodSandbox(RunPodSandboxRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, run.getStatus().getCode());
        assertTrue(run.getStatus().getDescription().contains("RunPodSandbox"), run.getStatus().getDescription());

        StatusRuntimeException images = assertThrows(StatusRuntimeException.class, () ->
                ImageServiceGrpc.newBlockingStub(channel).listImages(ListImagesRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNIMPLEMENTED, images.getStatus().getCode());
        assertTrue(images.getStatus().getDescription().contains("ListImages"), images.getStatus().getDescription());
    }

    @Test
    void berthReportsAFailedCallInOneLine() throws Exception {
        Command.Result result = Command.run(Distribution.berth(), "--address", dir.resolve("nothing.sock"), "version");
        assertEquals(1, result.exit());
        assertEquals(1, Arrays.stream(result.err().split("\n")).filter(l -> !l.isBlank()).count(), result.err());
    }
}
