package io.berth.oci;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * A seccomp filter.
 *
 * @param defaultAction what happens to a system call no rule names, as {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet the error number of that default; null for EPERM
 * @param architectures the architectures the filter covers, as {@code SCMP_ARCH_X86_64}
 * @param flags seccomp flags, as {@code SECCOMP_FILTER_FLAG_LOG}
 * @param listenerPath the socket a user-notify listener waits on
 * @param listenerMetadata what that listener is told
 * @param syscalls the rules
 */
public record Seccomp(
        @JsonInclude(Include.ALWAYS) String defaultAction,
        Long defaultErrnoRet,
        @JsonInclude(Include.NON_EMPTY) List<String> architectures,
        @JsonInclude(Include.NON_EMPTY) List<String> flags,
        @JsonInclude(Include.NON_EMPTY) String listenerPath,
        @JsonInclude(Include.NON_EMPTY) String listenerMetadata,
        @JsonInclude(Include.NON_EMPTY) List<Syscall> syscalls) {
}
