package io.berth.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.berth.linux.Posix;

/** What this machine allows, for test assumptions. */
final class Machine {
    private Machine() {
    }

    static boolean isRoot() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code probe}'s filesystem stores xattr {@code name} (a test value is written to it). */
    static boolean supportsXattr(Path probe, String name) throws IOException {
        try {
            Posix.lsetxattr(probe, name, name.startsWith("security.capability")
                    ? new byte[] { 1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
                    : "y".getBytes(StandardCharsets.US_ASCII));
            return true;
        } catch (Posix.PosixException e) {
            if (e.notSupported()) {
                return false;
            }
            throw e;
        }
    }
}
