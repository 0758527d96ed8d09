package io.berth.diff;

import java.io.IOException;

import io.berth.linux.ProcSelfStatus;

/**
 * What the kernel gives a file this process creates in a directory without setgid bit or default ACL: the
 * process's filesystem user and group as owner, and the mode asked for less the umask. Setting an entry's owner
 * or mode that the creation gave already is a system call, and a path lookup, for nothing.
 *
 * @param uid the filesystem user id
 * @param gid the filesystem group id
 * @param umask the file mode creation mask
 */
record CreationDefaults(int uid, int gid, int umask) {
    private static final int SPECIAL_BITS = 07000;

    /** This process's, from /proc/self/status. */
    static CreationDefaults ofThisProcess() throws IOException {
        ProcSelfStatus status = ProcSelfStatus.read();
        return new CreationDefaults(status.filesystemUid(), status.filesystemGid(), status.umask());
    }

    /** Whether a new file is owned by {@code uid}:{@code gid} already. */
    boolean owns(int uid, int gid) {
        return this.uid == uid && this.gid == gid;
    }

    /** Whether creating with {@code permissions} (no file type bits) gives exactly them. */
    boolean keepsMode(int permissions) {
        return (permissions & SPECIAL_BITS) == 0 && (permissions & umask) == 0;
    }
}
