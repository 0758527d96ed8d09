package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How the run, exec, kill and rm command lines are parsed, and what they refuse before calling the daemon. */
class TaskCommandLineTest {
    private final Berth berth = new Berth();
    private final CommandLine commandLine = Berth.commandLine(berth,
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

    @Test
    void runTakesEverythingAfterImageAndIdAsTheCommandItsOptionsIncluded() {
        ParseResult run = commandLine.parseArgs("run", "--rm", "--env", "A=1", "--env", "B=2", "--snapshotter", "native",
                "registry.test/app:1", "t1", "sh", "-c", "exit 3", "--rm").subcommand();

        assertTrue(run.matchedOptionValue("--rm", false));
        assertEquals(List.of("A=1", "B=2"), run.matchedOptionValue("--env", List.of()));
        assertEquals("native", run.matchedOptionValue("--snapshotter", ""));
        assertEquals("registry.test/app:1", run.matchedPositional(0).getValue());
        assertEquals("t1", run.matchedPositional(1).getValue());
        assertEquals(List.of("sh", "-c", "exit 3", "--rm"), run.matchedPositional(2).getValue());
    }

    @Test
    void runDefaultsToRuncAndOverlayfs() {
        ParseResult run = commandLine.parseArgs("run", "busybox", "t1").subcommand();

        assertEquals("runc", run.commandSpec().findOption("--runtime").getValue());
        assertEquals("overlayfs", run.commandSpec().findOption("--snapshotter").getValue());
        assertFalse(run.hasMatchedPositional(2));
    }

    @Test
    void execTakesTheContainerThenTheCommandWithItsOptions() {
        ParseResult exec = commandLine.parseArgs("exec", "-t", "--exec-id", "e1", "t1", "sh", "-c", "echo $((1+1))")
                .subcommand();

        assertTrue(exec.matchedOptionValue("-t", false));
        assertEquals("e1", exec.matchedOptionValue("--exec-id", ""));
        assertEquals("t1", exec.matchedPositional(0).getValue());
        assertEquals(List.of("sh", "-c", "echo $((1+1))"), exec.matchedPositional(1).getValue());
    }

    @Test
    void killSendsSigtermUnlessToldAndTakesSignalNames() {
        assertEquals(15, (int) commandLine.parseArgs("kill", "t1").subcommand().commandSpec()
                .findOption("--signal").getValue());
        ParseResult kill = commandLine.parseArgs("kill", "-s", "SIGKILL", "--all", "t1").subcommand();
        assertEquals(9, (int) kill.matchedOptionValue("-s", 0));
        assertTrue(kill.matchedOptionValue("--all", false));
    }

    @Test
    void anUnknownSignalIsAUsageError() {
        CliRun run = CliRun.of("kill", "-s", "SIGNOPE", "t1");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("unknown signal \"SIGNOPE\""), run.err());
    }

    @Test
    void rmTakesSeveralContainers() {
        ParseResult rm = commandLine.parseArgs("rm", "-f", "a", "b").subcommand();

        assertTrue(rm.matchedOptionValue("-f", false));
        assertEquals(List.of("a", "b"), rm.matchedPositional(0).getValue());
    }

    @Test
    void runRefusesRemovingADetachedContainerBeforeCallingTheDaemon() {
        CliRun run = CliRun.of("-a", "/nonexistent/berth.sock", "run", "--rm", "-d", "busybox", "t1");

        assertEquals(1, run.exitCode());
        assertEquals("berth: --rm and -d cannot be used together\n", run.err());
    }

    @Test
    void runWithATerminalNeedsOne() {
        CliRun run = CliRun.of("-a", "/nonexistent/berth.sock", "run", "-t", "busybox", "t1");

        assertEquals(1, run.exitCode());
        assertEquals("berth: -t needs a terminal on standard input\n", run.err());
    }
}
