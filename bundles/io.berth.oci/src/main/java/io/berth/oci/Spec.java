package io.berth.oci;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * An OCI runtime spec. Absent parts are null (or empty), and are left out of the JSON as Go's runtime-spec
 * package leaves them out.
 *
 * @param ociVersion the version of the runtime spec it follows
 * @param process the container's process
 * @param root its root filesystem
 * @param hostname the host name in its UTS namespace
 * @param domainname the domain name in its UTS namespace
 * @param mounts the mounts made in it, in order
 * @param hooks what the runtime runs around its life cycle
 * @param annotations arbitrary metadata
 * @param linux the Linux specific part
 */
public record Spec(
        @JsonInclude(Include.ALWAYS) String ociVersion,
        Process process,
        Root root,
        @JsonInclude(Include.NON_EMPTY) String hostname,
        @JsonInclude(Include.NON_EMPTY) String domainname,
        @JsonInclude(Include.NON_EMPTY) List<Mount> mounts,
        Hooks hooks,
        @JsonInclude(Include.NON_EMPTY) Map<String, String> annotations,
        Linux linux) {

    public Spec withProcess(Process changed) {
        return new Spec(ociVersion, changed, root, hostname, domainname, mounts, hooks, annotations, linux);
    }
}
