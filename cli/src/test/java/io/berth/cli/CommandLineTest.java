package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How berth's command line is parsed, without running anything. */
class CommandLineTest {
    private final Berth berth = new Berth();
    private final CommandLine commandLine = Berth.commandLine(berth,
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

    @Test
    void defaultsAreCtrsWithBerthsSocket() {
        commandLine.parseArgs("version");
        // The environment variables are unset in the build.
        assertEquals(Path.of("/run/berth/berth.sock"), berth.address());
        assertEquals("default", berth.namespace());
        assertEquals(Duration.ofSeconds(10), berth.timeout());
        assertEquals(OutputFormat.TABLE, berth.format());
        assertFalse(berth.debug());
    }

    @Test
    void globalOptionsWorkBeforeTheCommand() {
        commandLine.parseArgs("-a", "/tmp/b.sock", "-n", "k8s.io", "--timeout", "1m30s", "--format", "json", "--debug",
                "version");
        assertEquals(Path.of("/tmp/b.sock"), berth.address());
        assertEquals("k8s.io", berth.namespace());
        assertEquals(Duration.ofSeconds(90), berth.timeout());
        assertEquals(OutputFormat.JSON, berth.format());
        assertTrue(berth.debug());
    }

    @Test
    void globalOptionsWorkAfterTheCommand() {
        commandLine.parseArgs("plugins", "ls", "--address=/tmp/b.sock", "--namespace", "moby", "--format=JSON");
        assertEquals(Path.of("/tmp/b.sock"), berth.address());
        assertEquals("moby", berth.namespace());
        assertEquals(OutputFormat.JSON, berth.format());
    }

    @Test
    void globalOptionBeforeTheCommandIsNotResetByItsDefault() {
        commandLine.parseArgs("-n", "k8s.io", "plugins", "ls");
        assertEquals("k8s.io", berth.namespace());
    }

    @Test
    void pluginsTakesFlagsAndFiltersWithOrWithoutLs() {
        ParseResult direct = commandLine.parseArgs("plugins", "-d", "type==io.containerd.snapshotter.v1", "id==btrfs");
        assertEquals(List.of("type==io.containerd.snapshotter.v1", "id==btrfs"),
                direct.subcommand().matchedPositionalValue(0, List.of()));
        assertTrue(direct.subcommand().hasMatchedOption("--detailed"));

        ParseResult listed = Berth.commandLine(new Berth(), System.out, System.err).parseArgs("plugin", "ls", "-q", "id==cri");
        assertEquals("list", listed.subcommand().subcommand().commandSpec().name());
        assertEquals(List.of("id==cri"), listed.subcommand().subcommand().matchedPositionalValue(0, List.of()));
    }

    @Test
    void unknownFormatIsRejected() {
        assertThrows(CommandLine.ParameterException.class, () -> commandLine.parseArgs("--format", "yaml", "version"));
    }

    @Test
    void aCommandLineBuildsOnlyTheCommandsItNamesByNameOrAlias() {
        assertEquals(List.of(io.berth.cli.pull.PullCommand.class), Berth.commandsFor("-n", "k8s.io", "pull", "app:1"));
        assertEquals(List.of(io.berth.cli.plugins.PluginsCommand.class), Berth.commandsFor("plugin", "ls"));
        assertEquals(16, Berth.commandsFor("--help").size(), "the help lists every command");
        assertEquals(16, Berth.commandsFor("imgaes", "ls").size(), "a misspelt name is matched against all");
    }

    @Test
    void globalOptionsAfterTheCommandWorkWhenOnlyThatCommandIsBuilt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Berth.run(new String[] {"version", "-a", "/nonexistent/b.sock", "--timeout", "1s"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, exit);
        assertTrue(err.toString().contains("/nonexistent/b.sock"), err.toString());
    }
}
