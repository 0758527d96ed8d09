package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void noArgumentsRunTheDaemonWithNothingGiven() throws UsageException {
        CommandLine line = CommandLine.parse();
        assertEquals(new CommandLine(CommandLine.Action.RUN, null, null, null, null, null, false), line);
    }

    @Test
    void shortAndLongFlagsTakeTheirValueNextOrAfterEquals() throws UsageException {
        CommandLine line = CommandLine.parse("-c", "/etc/b.toml", "--address=/run/b.sock", "--root", "/r",
                "--state=/s", "-l", "debug", "--console");
        assertEquals(new CommandLine(CommandLine.Action.RUN, Path.of("/etc/b.toml"), Path.of("/r"), Path.of("/s"),
                Path.of("/run/b.sock"), LogLevel.DEBUG, true), line);
        CommandLine longForms = CommandLine.parse("--config", "/x.toml", "-a", "/a.sock", "--log-level=panic");
        assertEquals(Path.of("/x.toml"), longForms.config());
        assertEquals(Path.of("/a.sock"), longForms.address());
        assertEquals(LogLevel.PANIC, longForms.logLevel());
    }

    @Test
    void helpAndVersionWinOverEverythingElse() throws UsageException {
        assertEquals(CommandLine.Action.HELP, CommandLine.parse("--root", "/r", "-h").action());
        assertEquals(CommandLine.Action.HELP, CommandLine.parse("--help", "config", "default").action());
        assertEquals(CommandLine.Action.VERSION, CommandLine.parse("-v").action());
        assertEquals(CommandLine.Action.VERSION, CommandLine.parse("--version").action());
    }

    @Test
    void configDefaultIsTheOnlySubcommand() throws UsageException {
        assertEquals(CommandLine.Action.CONFIG_DEFAULT, CommandLine.parse("config", "default").action());
        assertEquals(CommandLine.Action.CONFIG_DEFAULT, CommandLine.parse("-l", "warn", "config", "default").action());
        assertEquals("config needs a subcommand: default", usageError("config"));
        assertEquals("unknown config subcommand \"dump\"", usageError("config", "dump"));
        assertEquals("unknown command \"serve\"", usageError("serve"));
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertEquals("flag provided but not defined: --debug", usageError("--debug"));
        assertEquals("flag provided but not defined: -x", usageError("-x=1"));
        assertEquals("flag needs an argument: --root", usageError("--root"));
        assertEquals("flag needs an argument: -c", usageError("-c="));
        assertEquals("flag takes no value: --console", usageError("--console=true"));
        assertTrue(usageError("-l", "verbose").startsWith("unknown log level \"verbose\""));
    }

    @Test
    void theDefaultConfigFileIsUsedOnlyWhenItExists() throws UsageException, IOException {
        Path missing = dir.resolve("missing.toml");
        assertNull(CommandLine.parse().options(dir, missing).config());

        Path present = Files.writeString(dir.resolve("config.toml"), "version = 3\n");
        assertEquals(present, CommandLine.parse().options(dir, present).config());
    }

    @Test
    void aConfigNamedByFlagIsKeptEvenWhenMissingForStartToRefuse() throws UsageException {
        Path named = dir.resolve("named.toml");
        Options options = CommandLine.parse("-c", named.toString(), "--console").options(dir, dir.resolve("x"));
        assertEquals(named, options.config());
        assertTrue(options.console());
        assertEquals(dir.toAbsolutePath(), options.home());
    }

    @Test
    void theUsageNamesEveryFlag() {
        String usage = CommandLine.usage();
        for (String flag : new String[] {"--config", "--address", "--root", "--state", "--log-level", "--console",
                "--help", "--version", "config default", "/etc/berth/config.toml"}) {
            assertTrue(usage.contains(flag), flag);
        }
        assertFalse(usage.contains("%s"));
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> CommandLine.parse(args)).getMessage();
    }
}
