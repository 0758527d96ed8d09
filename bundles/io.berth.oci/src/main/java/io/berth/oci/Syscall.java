package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A seccomp rule.
 *
 * @param names the system calls it covers
 * @param action what happens to them, as {@code SCMP_ACT_ALLOW}
 * @param errnoRet the error number an errno action returns; null for EPERM
 * @param args conditions on their arguments, all of which must hold
 */
public record Syscall(
        @JsonInclude(Include.ALWAYS) List<String> names,
        @JsonInclude(Include.ALWAYS) String action,
        Long errnoRet,
        @JsonInclude(Include.NON_EMPTY) List<SyscallArg> args) {
}
