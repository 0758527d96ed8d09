package io.berth.cli.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.berth.cli.CommandFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime spec of a container that {@code berth run} creates, assembled as ctr assembles it: containerd's
 * Linux defaults, then the image config (environment, entrypoint and command, working directory, numeric user),
 * then the command line (command, environment, terminal).
 */
public final class RunSpec {
    /** The type containerd gives a spec in a container record. */
    public static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** The type containerd gives an exec process's spec. */
    public static final String PROCESS_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Process";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String DEFAULTS = "default-spec.json";

    private RunSpec() {
    }

    /**
     * @param command replaces the image's entrypoint and command when not empty
     * @param env "KEY=VALUE" to set, or "KEY" to remove, after the image's
     */
    public static String assemble(String namespace, String id, ImageConfig image, List<String> command,
            List<String> env, boolean terminal) {
        JsonObject spec = defaults();
        JsonObject process = spec.getAsJsonObject("process");
        spec.getAsJsonObject("linux").addProperty("cgroupsPath", "/" + namespace + "/" + id);

        process.add("env", strings(mergeEnv(strings(process.getAsJsonArray("env")), image.env())));
        List<String> args = new ArrayList<>(image.entrypoint());
        args.addAll(image.cmd());
        process.addProperty("cwd", image.workingDir().isEmpty() ? "/" : image.workingDir());
        if (!image.user().isEmpty()) {
            process.add("user", user(image.user()));
        }

        if (!command.isEmpty()) {
            args = command;
        }
        if (args.isEmpty()) {
            throw new CommandFailure("the image has no command to run; give one after the container id");
        }
        process.add("args", strings(args));
        List<String> environment = mergeEnv(strings(process.getAsJsonArray("env")), env);
        if (terminal) {
            process.addProperty("terminal", true);
            environment = new ArrayList<>(environment);
            environment.add("TERM=xterm");
        }
        process.add("env", strings(environment));
        return GSON.toJson(spec);
    }

    /** An exec process: the container's own process spec with another command, terminal and working directory. */
    public static String execProcess(String containerSpec, List<String> command, boolean terminal, String cwd) {
        JsonObject process;
        try {
            process = JsonParser.parseString(containerSpec).getAsJsonObject().getAsJsonObject("process");
        } catch (RuntimeException e) {
            throw new CommandFailure("the container's spec is not an OCI runtime spec: " + e.getMessage(), e);
        }
        if (process == null) {
            throw new CommandFailure("the container's spec has no process to start from");
        }
        process.add("args", strings(command));
        process.addProperty("terminal", terminal);
        if (cwd != null) {
            process.addProperty("cwd", cwd);
        }
        return GSON.toJson(process);
    }

    /** containerd's replaceOrAppendEnvValues: an override replaces a variable of its name, "KEY" alone removes it. */
    static List<String> mergeEnv(List<String> defaults, List<String> overrides) {
        List<String> merged = new ArrayList<>(defaults);
        for (String override : overrides) {
            String name = override.contains("=") ? override.substring(0, override.indexOf('=')) : override;
            int existing = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).equals(name) || merged.get(i).startsWith(name + "=")) {
                    existing = i;
                    break;
                }
            }
            if (!override.contains("=")) {
                if (existing >= 0) {
                    merged.remove(existing);
                }
            } else if (existing >= 0) {
                merged.set(existing, override);
            } else {
                merged.add(override);
            }
        }
        return merged;
    }

    /** "uid" or "uid:gid" in numbers; names need the image's /etc/passwd, which only the daemon can read. */
    private static JsonObject user(String user) {
        String[] parts = user.split(":", 2);
        JsonObject json = new JsonObject();
        try {
            json.addProperty("uid", Long.parseLong(parts[0]));
            json.addProperty("gid", parts.length == 2 ? Long.parseLong(parts[1]) : 0);
        } catch (NumberFormatException e) {
            throw new CommandFailure("the image's user \"" + user + "\" is not numeric (uid or uid:gid); "
                    + "berth run does not resolve user names from the image's /etc/passwd", e);
        }
        return json;
    }

    private static JsonObject defaults() {
        try (InputStream in = RunSpec.class.getResourceAsStream(DEFAULTS)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        for (JsonElement element : array) {
            values.add(element.getAsString());
        }
        return values;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
