package io.berth.runtime.shim;

import java.nio.file.Path;

import com.google.protobuf.InvalidProtocolBufferException;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.Options;

/**
 * The runc shim's options ({@code containerd.runc.v1.Options}: BinaryName, Root, SystemdCgroup …) with Berth's
 * default runc root filled in. Without one the shim keeps runc's state under {@code /run/containerd/runc}, where
 * a containerd on the same host keeps its own: a Berth task would clash with a containerd task of the same
 * namespace and id.
 */
final class RuncOptions {
    static final String TYPE_URL = "containerd.runc.v1.Options";
    private static final String RUNC_SHIM_PREFIX = "containerd-shim-runc-";

    private RuncOptions() {
    }

    /**
     * The options to give a shim: those given, with {@code root} as runc's root when they are runc options that
     * name none; runc options holding only the root when none are given to a runc shim; others unchanged.
     *
     * @throws BerthException INVALID_ARGUMENT for runc options that do not parse
     */
    static TypedValue withDefaultRoot(TypedValue options, Path shimBinary, Path root) {
        if (options == null || options.value().length == 0 && options.typeUrl().isEmpty()) {
            return shimBinary.getFileName().toString().startsWith(RUNC_SHIM_PREFIX)
                    ? new TypedValue(TYPE_URL, Options.newBuilder().setRoot(root.toString()).build().toByteArray())
                    : options;
        }
        if (!options.typeUrl().endsWith(TYPE_URL)) {
            return options;
        }
        Options parsed;
        try {
            parsed = Options.parseFrom(options.value());
        } catch (InvalidProtocolBufferException e) {
            throw BerthException.invalidArgument("runtime options of type %s do not parse: %s", options.typeUrl(),
                    e.getMessage());
        }
        if (!parsed.getRoot().isEmpty()) {
            return options;
        }
        return new TypedValue(options.typeUrl(), parsed.toBuilder().setRoot(root.toString()).build().toByteArray());
    }
}
