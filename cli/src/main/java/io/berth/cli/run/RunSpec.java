package io.berth.cli.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.berth.api.errors.BerthException;
import io.berth.cli.CommandFailure;
import io.berth.cli.stdio.Terminal;
import io.berth.oci.Box;
import io.berth.oci.DefaultSpec;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageConfigs;
import io.berth.oci.Process;
import io.berth.oci.Spec;
import io.berth.oci.SpecJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The OCI runtime spec of a container that {@code berth run} creates, assembled in ctr's order with the daemon's
 * generator: containerd's default spec, the command line's environment, the image config applied over it
 * (the command line's variables win), the command line's command in place of the image's entrypoint and command,
 * and a terminal with TERM=xterm and the caller's terminal size.
 */
public final class RunSpec {
    /** The type containerd gives a spec in a container record. */
    public static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** The type containerd gives an exec process's spec. */
    public static final String PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private RunSpec() {
    }

    /** The size of the terminal on this program's standard input, as a spec gives it; null when unknown. */
    public static Box callersConsoleSize() {
        return Terminal.currentSize().map(size -> new Box(size.height(), size.width())).orElse(null);
    }

    /** Refuses a namespace or container id that cannot name a container, before anything is created. */
    public static void validate(String namespace, String id) {
        spec(() -> DefaultSpec.linux(namespace, id));
    }

    /**
     * @param command replaces the image's entrypoint and command when not empty
     * @param env "KEY=VALUE" to set, or "KEY" to remove, over the image's
     * @param consoleSize the size of the terminal, so that the process starts with it; null for none
     * @param rootfs the container's root filesystem, where the image's user is looked up
     */
    public static byte[] assemble(String namespace, String id, byte[] imageConfig, List<String> command,
            List<String> env, boolean terminal, Box consoleSize, Path rootfs) {
        return spec(() -> {
            Spec spec = DefaultSpec.linux(namespace, id);
            Process defaults = spec.process();
            spec = spec.withProcess(defaults.withCommand(defaults.args(), env, defaults.cwd()));
            ImageConfig image = ImageConfigs.read(imageConfig);
            spec = ImageConfigs.apply(spec, image, List.of(), rootfs);
            Process process = spec.process();
            List<String> args = command.isEmpty() ? process.args() : command;
            if (args.isEmpty()) {
                throw new CommandFailure("the image has no command to run; give one after the container id");
            }
            List<String> environment = new ArrayList<>(process.env());
            if (terminal) {
                environment.add("TERM=xterm");
            }
            process = process.withCommand(args, environment, process.cwd());
            if (terminal) {
                process = new Process(true, consoleSize, process.user(), process.args(), process.env(),
                        process.cwd(), process.capabilities(), process.rlimits(), process.noNewPrivileges(),
                        process.apparmorProfile(), process.oomScoreAdj(), process.selinuxLabel());
            }
            return SpecJson.write(spec.withProcess(process));
        });
    }

    /**
     * An exec process: the container's own process spec with another command, terminal (and its size) and
     * working directory.
     * It is edited as plain JSON so that a spec another client wrote keeps every field it has.
     */
    public static String execProcess(String containerSpec, List<String> command, boolean terminal, Box consoleSize,
            String cwd) {
        JsonObject process;
        try {
            process = JsonParser.parseString(containerSpec).getAsJsonObject().getAsJsonObject("process");
        } catch (RuntimeException e) {
            throw new CommandFailure("the container's spec is not an OCI runtime spec: " + e.getMessage(), e);
        }
        if (process == null) {
            throw new CommandFailure("the container's spec has no process to start from");
        }
        JsonArray args = new JsonArray();
        command.forEach(args::add);
        process.add("args", args);
        process.addProperty("terminal", terminal);
        process.remove("consoleSize");
        if (consoleSize != null) {
            JsonObject size = new JsonObject();
            size.addProperty("height", consoleSize.height());
            size.addProperty("width", consoleSize.width());
            process.add("consoleSize", size);
        }
        if (cwd != null) {
            process.addProperty("cwd", cwd);
        }
        return GSON.toJson(process);
    }

    /** The generator's refusals are the user's mistakes: reported as such, on one line. */
    private static <T> T spec(Supplier<T> generate) {
        try {
            return generate.get();
        } catch (BerthException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
