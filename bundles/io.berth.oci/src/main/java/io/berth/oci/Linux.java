package io.berth.oci;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The Linux specific part of a spec.
 *
 * @param uidMappings user ids of a user namespace
 * @param gidMappings group ids of a user namespace
 * @param sysctl kernel parameters set in the container
 * @param resources its cgroup limits
 * @param cgroupsPath its cgroup, absolute or relative to the runtime's
 * @param namespaces the namespaces it gets: new ones, or existing ones by path
 * @param devices device nodes created in it
 * @param seccomp its system call filter
 * @param rootfsPropagation the root's mount propagation
 * @param maskedPaths paths hidden in it
 * @param readonlyPaths paths read-only in it
 * @param mountLabel the SELinux label of its mounts
 */
public record Linux(
        @JsonInclude(Include.NON_EMPTY) List<IdMapping> uidMappings,
        @JsonInclude(Include.NON_EMPTY) List<IdMapping> gidMappings,
        @JsonInclude(Include.NON_EMPTY) Map<String, String> sysctl,
        Resources resources,
        @JsonInclude(Include.NON_EMPTY) String cgroupsPath,
        @JsonInclude(Include.NON_EMPTY) List<Namespace> namespaces,
        @JsonInclude(Include.NON_EMPTY) List<Device> devices,
        Seccomp seccomp,
        @JsonInclude(Include.NON_EMPTY) String rootfsPropagation,
        @JsonInclude(Include.NON_EMPTY) List<String> maskedPaths,
        @JsonInclude(Include.NON_EMPTY) List<String> readonlyPaths,
        @JsonInclude(Include.NON_EMPTY) String mountLabel) {
}
