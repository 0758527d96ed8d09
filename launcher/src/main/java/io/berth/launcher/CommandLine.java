package io.berth.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * berthd's command line, spelled like containerd's: {@code -c/--config}, {@code -a/--address},
 * {@code --root}, {@code --state}, {@code -l/--log-level}, plus {@code --console}; a value follows
 * its flag as the next argument or after {@code =}.
 */
record CommandLine(Action action, Path config, Path root, Path state, Path address, LogLevel logLevel,
                   boolean console) {

    enum Action { RUN, HELP, VERSION, CONFIG_DEFAULT }

    static final Path DEFAULT_CONFIG = Path.of("/etc/berth/config.toml");

    /** Built on demand: formatting it at class initialisation would cost every start. */
    static String usage() {
        return """
            berthd - the Berth container runtime daemon

            Usage:
              berthd [flags]
              berthd config default

            Flags:
              -c, --config FILE       configuration file (default: %s, when it exists)
              -a, --address SOCK      gRPC socket (default: %s)
                  --root DIR          directory for persistent data (default: %s)
                  --state DIR         directory for volatile state (default: %s)
              -l, --log-level LEVEL   trace, debug, info, warn, error, fatal or panic (default: info)
                  --console           also run the interactive gogo shell on this terminal
              -h, --help              show this help
              -v, --version           print the version and revision

            Commands:
              config default          print the full default config.toml of the installed bundles
            """.formatted(DEFAULT_CONFIG, DaemonPaths.DEFAULT_ADDRESS, DaemonPaths.DEFAULT_ROOT,
                    DaemonPaths.DEFAULT_STATE);
    }

    static CommandLine parse(String... args) throws UsageException {
        Path config = null;
        Path root = null;
        Path state = null;
        Path address = null;
        LogLevel logLevel = null;
        boolean console = false;
        boolean help = false;
        boolean version = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                words.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            String inline = equals < 0 ? null : arg.substring(equals + 1);
            switch (flag) {
                case "-h", "--help" -> help = noValue(flag, inline);
                case "-v", "--version" -> version = noValue(flag, inline);
                case "--console" -> console = noValue(flag, inline);
                case "-c", "--config", "-a", "--address", "--root", "--state", "-l", "--log-level" -> {
                    String value = inline;
                    if (value == null && i + 1 < args.length) {
                        value = args[++i];
                    }
                    if (value == null || value.isEmpty()) {
                        throw new UsageException("flag needs an argument: " + flag);
                    }
                    switch (flag) {
                        case "-c", "--config" -> config = Path.of(value);
                        case "-a", "--address" -> address = Path.of(value);
                        case "--root" -> root = Path.of(value);
                        case "--state" -> state = Path.of(value);
                        default -> logLevel = level(value);
                    }
                }
                default -> throw new UsageException("flag provided but not defined: " + flag);
            }
        }
        Action action = help ? Action.HELP : version ? Action.VERSION : command(words);
        return new CommandLine(action, config, root, state, address, logLevel, console);
    }

    /**
     * The options to start with. Without {@code -c}, the default config file is used only when it
     * exists; a file named by {@code -c} must exist, which {@link Berthd#start} checks.
     */
    Options options(Path home, Path defaultConfig) {
        Path file = config != null ? config : Files.exists(defaultConfig) ? defaultConfig : null;
        return new Options(home, file, root, state, address, logLevel, console);
    }

    private static boolean noValue(String flag, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException("flag takes no value: " + flag);
        }
        return true;
    }

    private static LogLevel level(String name) throws UsageException {
        try {
            return LogLevel.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Action command(List<String> words) throws UsageException {
        if (words.isEmpty()) {
            return Action.RUN;
        }
        if (!words.getFirst().equals("config")) {
            throw new UsageException("unknown command \"" + words.getFirst() + "\"");
        }
        if (words.size() == 1) {
            throw new UsageException("config needs a subcommand: default");
        }
        if (!words.get(1).equals("default") || words.size() > 2) {
            throw new UsageException("unknown config subcommand \"" + String.join(" ", words.subList(1, words.size())) + "\"");
        }
        return Action.CONFIG_DEFAULT;
    }
}
