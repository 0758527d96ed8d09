package io.berth.oci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.api.errors.BerthException;
import io.berth.oci.internal.EnvValues;
import io.berth.oci.internal.ImageUser;

/** An image's config read from its blob, and applied to a spec as containerd's {@code WithImageConfigArgs} does. */
public final class ImageConfigs {
    /** The environment of an image that sets none, as containerd's. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImageConfigs() {
    }

    /**
     * The run settings of an image config blob ({@code application/vnd.oci.image.config.v1+json}).
     *
     * @throws BerthException INVALID_ARGUMENT for a blob that is not such JSON
     */
    public static ImageConfig read(byte[] configBlob) {
        JsonNode root;
        try {
            root = MAPPER.readTree(configBlob);
        } catch (IOException e) {
            throw BerthException.invalidArgument("image config is not JSON: %s", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw BerthException.invalidArgument("image config is not a JSON object");
        }
        JsonNode config = root.path("config");
        return new ImageConfig(text(config, "User"), strings(config, "Env"), strings(config, "Entrypoint"),
                strings(config, "Cmd"), text(config, "WorkingDir"));
    }

    /**
     * The spec with the image's command, environment, working directory and user: the image's environment (or
     * {@link #DEFAULT_PATH}) overridden by the spec's, the entrypoint followed by {@code args} or else the image's
     * command, and the user resolved in the root filesystem's {@code /etc/passwd} and {@code /etc/group}, with
     * its supplementary groups, as containerd resolves them.
     *
     * @param args the command's arguments in place of the image's; empty to keep the image's
     * @param rootfs the container's root filesystem, which the account files are read from and never outside of
     * @throws BerthException INVALID_ARGUMENT for a spec without a process, a user or group name the image does
     *         not have, or a user string with more than one {@code :} or an id out of range
     */
    public static Spec apply(Spec spec, ImageConfig config, List<String> args, Path rootfs) {
        Process process = spec.process();
        if (process == null) {
            throw BerthException.invalidArgument("the spec has no process to apply the image config to");
        }
        List<String> defaults = config.env().isEmpty() ? List.of(DEFAULT_PATH) : config.env();
        List<String> env = EnvValues.replaceOrAppend(defaults, process.env() == null ? List.of() : process.env());
        List<String> command = new ArrayList<>(config.entrypoint());
        command.addAll(args.isEmpty() ? config.cmd() : args);
        String cwd = config.workingDir().isEmpty() ? "/" : config.workingDir();
        User user = ImageUser.resolve(config.user(), process.user(), rootfs);
        return spec.withProcess(process.withCommand(command, env, cwd).withUser(user));
    }

    private static String text(JsonNode config, String field) {
        return config.path(field).isTextual() ? config.path(field).asText() : "";
    }

    private static List<String> strings(JsonNode config, String field) {
        List<String> values = new ArrayList<>();
        config.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }
}
