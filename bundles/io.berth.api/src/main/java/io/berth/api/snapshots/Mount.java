package io.berth.api.snapshots;

import java.util.List;
import java.util.Objects;

/**
 * One mount(2) call that makes a snapshot's filesystem appear, as containerd describes it.
 *
 * @param type the filesystem type, e.g. {@code overlay} or {@code bind}
 * @param source the device or directory
 * @param options mount options, e.g. {@code ro}, {@code rbind}, {@code lowerdir=...}
 */
public record Mount(String type, String source, List<String> options) {
    public Mount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = List.copyOf(options);
    }
}
