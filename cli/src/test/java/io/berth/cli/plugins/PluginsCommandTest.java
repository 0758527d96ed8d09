package io.berth.cli.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.cli.CliRun;
import io.berth.cli.FakeDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth plugins} against a daemon on a real Unix socket. */
class PluginsCommandTest {
    @TempDir
    Path dir;

    private FakeDaemon daemon;

    @BeforeEach
    void startDaemon() throws IOException {
        daemon = new FakeDaemon(dir.resolve("berth.sock"), SamplePlugins.all());
    }

    @AfterEach
    void stopDaemon() {
        daemon.close();
    }

    private CliRun berth(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--address";
        all[1] = daemon.socket().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    @Test
    void pluginsPrintsCtrsTable() {
        CliRun run = berth("plugins");
        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        assertEquals(SamplePlugins.ctrTable(), run.out());
    }

    @Test
    void ctrSpellingsListTheSame() {
        for (String[] spelling : List.of(new String[] {"plugins", "ls"}, new String[] {"plugin", "list"})) {
            CliRun run = berth(spelling);
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(SamplePlugins.ctrTable(), run.out());
        }
    }

    @Test
    void detailedPrintsCtrsDetailedLayout() {
        CliRun run = berth("plugins", "ls", "--detailed");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(SamplePlugins.ctrDetails(), run.out());
    }

    @Test
    void quietPrintsIdsOnly() {
        CliRun run = berth("plugins", "-q");
        assertEquals("content\noverlayfs\nbtrfs\ncri\n", run.out());
    }

    @Test
    void filtersAreSentAsGiven() {
        berth("plugins", "type==io.containerd.snapshotter.v1", "id==cri");
        berth("plugins", "ls", "id==content");
        assertEquals(List.of(List.of("type==io.containerd.snapshotter.v1", "id==cri"), List.of("id==content")),
                daemon.filtersSeen());
    }

    @Test
    void jsonPrintsTheResponseWithProtobufFieldNames() {
        CliRun run = berth("--format", "json", "plugins");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("{\n  \"plugins\": [{\n    \"type\": \"io.containerd.content.v1\""), run.out());
        assertTrue(run.out().contains("\"initErr\": {\n      \"code\": 9,"), run.out());
        assertTrue(run.out().contains("\"variant\": \"v8\""), run.out());
    }

    @Test
    void namespaceIsSentInTheContainerdHeader() {
        berth("plugins");
        berth("-n", "k8s.io", "plugins");
        berth("plugins", "ls", "--namespace", "moby");
        assertEquals(List.of("default", "k8s.io", "moby"), daemon.namespacesSeen());
    }
}
