package io.berth.services.tasks;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.CheckpointOptions;

/**
 * What the tasks service itself reads of a checkpoint's options: where the client wants the images written. As in
 * containerd, the options must be the runc shim's {@code CheckpointOptions}; the shim reads the rest.
 */
final class CheckpointOptionsReader {
    static final String TYPE_URL = "containerd.runc.v1.CheckpointOptions";

    private CheckpointOptionsReader() {
    }

    /**
     * The image path the options name; empty when there are no options or they name none.
     *
     * @throws BerthException INVALID_ARGUMENT for options of another type, options that do not parse, or a path
     *         that is not absolute
     */
    static Optional<Path> imagePath(TypedValue options) {
        if (options == null) {
            return Optional.empty();
        }
        if (!options.typeUrl().equals(TYPE_URL) && !options.typeUrl().endsWith("/" + TYPE_URL)) {
            throw BerthException.invalidArgument("checkpoint options of type %s: only %s are understood",
                    options.typeUrl(), TYPE_URL);
        }
        CheckpointOptions parsed;
        try {
            parsed = CheckpointOptions.parseFrom(options.value());
        } catch (InvalidProtocolBufferException e) {
            throw BerthException.invalidArgument("checkpoint options do not parse: %s", e.getMessage());
        }
        if (parsed.getImagePath().isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(parsed.getImagePath());
        } catch (InvalidPathException e) {
            throw BerthException.invalidArgument("checkpoint image path is invalid: %s", e.getMessage());
        }
        if (!path.isAbsolute()) {
            throw BerthException.invalidArgument("checkpoint image path %s is not absolute", parsed.getImagePath());
        }
        return Optional.of(path);
    }
}
