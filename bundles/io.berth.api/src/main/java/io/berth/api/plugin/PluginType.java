package io.berth.api.plugin;

/** containerd's plugin type strings that Berth plugins register under. */
public final class PluginType {
    /** Services served on the gRPC socket. */
    public static final String GRPC = "io.containerd.grpc.v1";
    /** Daemon-internal plugins without an API of their own. */
    public static final String INTERNAL = "io.containerd.internal.v1";
    /** Content stores: blobs addressed by digest. */
    public static final String CONTENT = "io.containerd.content.v1";
    /** Snapshotters: the filesystems containers run on. */
    public static final String SNAPSHOTTER = "io.containerd.snapshotter.v1";
    /** The transactional metadata store. */
    public static final String METADATA = "io.containerd.metadata.v1";
    /** The garbage collection scheduler. */
    public static final String GC = "io.containerd.gc.v1";
    /** Differs: apply layers to and compute layers from directories. */
    public static final String DIFF = "io.containerd.differ.v1";
    /** The event exchange. */
    public static final String EVENT = "io.containerd.event.v1";

    private PluginType() {
    }
}
