package io.berth.oci;

import java.util.List;

/**
 * What an OCI image's config says about how to run it (the {@code config} object of its config blob).
 *
 * @param user the user, as {@code name}, {@code uid}, {@code name:group} or {@code uid:gid}; empty for root
 * @param env the environment, {@code KEY=value} each
 * @param entrypoint the command's fixed start
 * @param cmd the command's default arguments
 * @param workingDir the working directory; empty for {@code /}
 */
public record ImageConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd,
                          String workingDir) {
    public ImageConfig {
        user = user == null ? "" : user;
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        workingDir = workingDir == null ? "" : workingDir;
    }
}
