package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The container's process.
 *
 * @param terminal whether it gets a terminal
 * @param consoleSize the terminal's size
 * @param user who it runs as
 * @param args its command line
 * @param env its environment, {@code KEY=value} each
 * @param cwd its working directory, absolute
 * @param capabilities its capability sets
 * @param rlimits its resource limits
 * @param noNewPrivileges whether it may gain no privileges through exec
 * @param apparmorProfile the AppArmor profile it runs under
 * @param oomScoreAdj its OOM score adjustment; null to inherit
 * @param selinuxLabel its SELinux label
 */
public record Process(
        @JsonInclude(Include.NON_DEFAULT) boolean terminal,
        Box consoleSize,
        @JsonInclude(Include.ALWAYS) User user,
        @JsonInclude(Include.NON_EMPTY) List<String> args,
        @JsonInclude(Include.NON_EMPTY) List<String> env,
        @JsonInclude(Include.ALWAYS) String cwd,
        Capabilities capabilities,
        @JsonInclude(Include.NON_EMPTY) List<Rlimit> rlimits,
        @JsonInclude(Include.NON_DEFAULT) boolean noNewPrivileges,
        @JsonInclude(Include.NON_EMPTY) String apparmorProfile,
        Integer oomScoreAdj,
        @JsonInclude(Include.NON_EMPTY) String selinuxLabel) {

    public Process withUser(User changed) {
        return new Process(terminal, consoleSize, changed, args, env, cwd, capabilities, rlimits, noNewPrivileges,
                apparmorProfile, oomScoreAdj, selinuxLabel);
    }

    /** The process with another command line, environment and working directory. */
    public Process withCommand(List<String> newArgs, List<String> newEnv, String newCwd) {
        return new Process(terminal, consoleSize, user, newArgs, newEnv, newCwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, selinuxLabel);
    }
}
