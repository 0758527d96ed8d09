package io.berth.cli;

import io.berth.cli.containers.ContainersCommand;
import io.berth.cli.content.ContentCommand;
import io.berth.cli.events.EventsCommand;
import io.berth.cli.images.ImagesCommand;
import io.berth.cli.leases.LeasesCommand;
import io.berth.cli.namespaces.NamespacesCommand;
import io.berth.cli.plugins.PluginsCommand;
import io.berth.cli.pull.PullCommand;
import io.berth.cli.run.RunCommand;
import io.berth.cli.push.PushCommand;
import io.berth.cli.snapshots.SnapshotsCommand;
import io.berth.cli.tasks.ExecCommand;
import io.berth.cli.tasks.KillCommand;
import io.berth.cli.tasks.PsCommand;
import io.berth.cli.tasks.RmCommand;
import io.berth.cli.version.VersionCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code berth} command: global options, the list of commands, and the process entry point. */
@Command(name = "berth",
        description = "Command-line client for the Berth container runtime, over containerd's gRPC API.",
        synopsisSubcommandLabel = "COMMAND")
public final class Berth {
    private static final String DEFAULT_ADDRESS = "/run/berth/berth.sock";
    /** The commands, in the order the help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(VersionCommand.class, PluginsCommand.class,
            NamespacesCommand.class, ContentCommand.class, ImagesCommand.class, PullCommand.class, PushCommand.class,
            LeasesCommand.class, SnapshotsCommand.class, ContainersCommand.class, RunCommand.class, PsCommand.class,
            ExecCommand.class, KillCommand.class, RmCommand.class, EventsCommand.class);

    // Global options are inherited so that they work before or after the command name.
    @Option(names = {"-a", "--address"}, scope = ScopeType.INHERIT, paramLabel = "PATH",
            defaultValue = "${env:BERTH_ADDRESS:-" + DEFAULT_ADDRESS + "}",
            description = "Unix socket of the daemon (env BERTH_ADDRESS, default: " + DEFAULT_ADDRESS + ")")
    private Path address;

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            defaultValue = "${env:BERTH_NAMESPACE:-default}",
            description = "Namespace to use with commands (env BERTH_NAMESPACE, default: default)")
    private String namespace;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            defaultValue = "10s", converter = GoDuration.class,
            description = "Deadline of each call to the daemon, e.g. 500ms, 10s, 1m; 0 for none (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--format", scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table or json (default: ${DEFAULT-VALUE})")
    private OutputFormat format;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of failures")
    private boolean debug;

    @Option(names = {"-h", "--help"}, scope = ScopeType.INHERIT, usageHelp = true, description = "Show this help")
    private boolean help;

    /** Standard output as bytes, for commands that print data rather than text. */
    private PrintStream stdout = System.out;
    /** Standard error as bytes, for the standard error of a container's process. */
    private PrintStream stderr = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command line and returns the exit code: 0 on success, 1 on any failure, or the exit status of the
     * process that run or exec ran in the foreground.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(new Berth(), out, err, commandsFor(args)).execute(args);
    }

    /** The parser and executor of berth's command line, every command included, writing to {@code out} and {@code err}. */
    static CommandLine commandLine(Berth berth, PrintStream out, PrintStream err) {
        return commandLine(berth, out, err, COMMANDS);
    }

    /**
     * The commands a command line can mean: those it names (by name or alias, anywhere among its arguments), or
     * all of them when it names none, for the help and for picocli's suggestion after a misspelt name. Building the
     * model of every command is most of the client's start-up time, and a run needs one.
     */
    static List<Class<?>> commandsFor(String... args) {
        List<String> words = Arrays.asList(args);
        List<Class<?>> named = COMMANDS.stream().filter(command -> {
            Command declared = command.getAnnotation(Command.class);
            return words.contains(declared.name()) || Arrays.stream(declared.aliases()).anyMatch(words::contains);
        }).toList();
        return named.isEmpty() ? COMMANDS : named;
    }

    private static CommandLine commandLine(Berth berth, PrintStream out, PrintStream err, List<Class<?>> commands) {
        PrintWriter errWriter = new PrintWriter(err, true);
        berth.stdout = out;
        berth.stderr = err;
        CommandLine commandLine = new CommandLine(berth);
        commands.forEach(commandLine::addSubcommand);
        // What follows the container's command is its arguments, never berth's options.
        for (String takesACommand : List.of("run", "exec")) {
            CommandLine subcommand = commandLine.getSubcommands().get(takesACommand);
            if (subcommand != null) {
                subcommand.setStopAtPositional(true);
            }
        }
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(errWriter)
                .setParameterExceptionHandler((failure, arguments) -> {
                    errWriter.println(ErrorLine.forUsage(failure.getCommandLine().getCommandSpec(), failure.getMessage()));
                    return 1;
                })
                .setExecutionExceptionHandler((failure, command, parseResult) -> {
                    errWriter.println(ErrorLine.of(failure));
                    if (berth.debug()) {
                        failure.printStackTrace(errWriter);
                    }
                    return 1;
                });
    }

    /** The root command of the command line that {@code spec} belongs to, holding the global options. */
    public static Berth of(CommandSpec spec) {
        return (Berth) spec.root().userObject();
    }

    public PrintStream stdout() {
        return stdout;
    }

    public PrintStream stderr() {
        return stderr;
    }

    public OutputFormat format() {
        return format;
    }

    /** Opens a connection to the daemon with the global address, namespace and timeout. */
    public Daemon connect() {
        LibraryLogging.configure(debug);
        return Daemon.connect(address, namespace, timeout);
    }

    Path address() {
        return address;
    }

    public String namespace() {
        return namespace;
    }

    Duration timeout() {
        return timeout;
    }

    boolean debug() {
        return debug;
    }
}
