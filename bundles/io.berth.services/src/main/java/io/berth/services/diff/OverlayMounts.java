package io.berth.services.diff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.berth.api.errors.BerthException;
import io.berth.api.snapshots.Mount;

/** What the diff service reads from snapshot mounts: an overlay's upper directory, and read-only forms. */
final class OverlayMounts {
    private static final String OVERLAY = "overlay";
    private static final String UPPERDIR = "upperdir=";
    private static final String WORKDIR = "workdir=";
    private static final String LOWERDIR = "lowerdir=";

    private OverlayMounts() {
    }

    /**
     * The upper directory of a lone overlay mount; none for a read-only overlay or other mounts.
     *
     * @throws BerthException INVALID_ARGUMENT for an upper directory that is not an absolute path
     */
    static Optional<Path> upperDir(List<Mount> mounts) {
        if (mounts.size() != 1 || !mounts.getFirst().type().equals(OVERLAY)) {
            return Optional.empty();
        }
        Optional<String> upper = mounts.getFirst().options().stream()
                .filter(option -> option.startsWith(UPPERDIR))
                .map(option -> option.substring(UPPERDIR.length()))
                .findFirst();
        if (upper.isPresent() && !upper.get().startsWith("/")) {
            throw BerthException.invalidArgument("overlay upperdir \"%s\" is not an absolute path", upper.get());
        }
        return upper.map(Path::of);
    }

    /**
     * The mounts made read-only as containerd's {@code WithReadonlyTempMount} makes them: an overlay loses its
     * upper and work directories (the upper becomes its first lower one, and {@code volatile} goes, which needs an
     * upper), anything else gets {@code ro} in place of {@code rw}.
     */
    static List<Mount> readOnly(List<Mount> mounts) {
        return mounts.stream().map(mount -> mount.type().equals(OVERLAY)
                ? new Mount(mount.type(), mount.source(), readOnlyOverlay(mount.options()))
                : new Mount(mount.type(), mount.source(), readOnlyOther(mount.options()))).toList();
    }

    private static List<String> readOnlyOverlay(List<String> options) {
        String upper = options.stream().filter(option -> option.startsWith(UPPERDIR))
                .map(option -> option.substring(UPPERDIR.length())).findFirst().orElse(null);
        List<String> readOnly = new ArrayList<>();
        for (String option : options) {
            if (option.startsWith(UPPERDIR) || option.startsWith(WORKDIR) || option.equals("volatile")) {
                continue;
            }
            readOnly.add(upper != null && option.startsWith(LOWERDIR)
                    ? LOWERDIR + upper + ":" + option.substring(LOWERDIR.length())
                    : option);
        }
        return readOnly;
    }

    private static List<String> readOnlyOther(List<String> options) {
        List<String> readOnly = new ArrayList<>(options.stream()
                .filter(option -> !option.equals("rw") && !option.equals("ro")).toList());
        readOnly.add("ro");
        return readOnly;
    }
}
