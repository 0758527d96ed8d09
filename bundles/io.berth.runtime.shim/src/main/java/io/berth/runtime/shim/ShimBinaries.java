package io.berth.runtime.shim;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.berth.api.errors.BerthException;

/**
 * Finds the shim binary of a runtime as containerd does: {@code io.containerd.runc.v2} is run by
 * {@code containerd-shim-runc-v2}, any {@code <prefix>.<name>.<version>} by {@code containerd-shim-<name>-<version>}
 * found on the search path, and an absolute path names the binary itself.
 */
final class ShimBinaries {
    private static final String PREFIX = "containerd-shim-";
    /** The two parts that make the binary's name; nothing that could step out of a directory. */
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*");

    private final List<Path> searchPath;

    ShimBinaries(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** The directories of a {@code PATH}-style list, empty entries left out. */
    static List<Path> searchPath(String pathVariable) {
        List<Path> directories = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        return directories;
    }

    /**
     * The name of the binary that runs a runtime.
     *
     * @throws BerthException INVALID_ARGUMENT for a name that is empty or not of containerd's dotted form
     */
    static String binaryName(String runtime) {
        if (runtime == null || runtime.isEmpty()) {
            throw BerthException.invalidArgument("runtime name must not be empty");
        }
        String[] parts = runtime.split("\\.", -1);
        if (parts.length < 2 || parts[0].isEmpty() || !NAME_PART.matcher(parts[parts.length - 2]).matches()
                || !NAME_PART.matcher(parts[parts.length - 1]).matches()) {
            throw BerthException.invalidArgument("invalid runtime name %s: it should be of the form"
                    + " io.containerd.<name>.<version>, such as io.containerd.runc.v2, or the absolute path of a"
                    + " shim binary", runtime);
        }
        return PREFIX + parts[parts.length - 2] + "-" + parts[parts.length - 1];
    }

    /**
     * The binary that runs a runtime.
     *
     * @throws BerthException INVALID_ARGUMENT for an invalid name, NOT_FOUND when no such binary is installed
     */
    Path resolve(String runtime) {
        if (runtime != null && runtime.startsWith("/")) {
            Path binary = Path.of(runtime).normalize();
            if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
                throw BerthException.notFound("runtime binary %s does not exist or is not executable", binary);
            }
            return binary;
        }
        String name = binaryName(runtime);
        for (Path directory : searchPath) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw BerthException.notFound("runtime %s: shim binary %s is not installed (searched %s)", runtime, name,
                searchPath);
    }
}
