package io.berth.grpc;

/**
 * The service property that names the methods of a gRPC service which may run on the server's transport thread
 * instead of a thread of their own: methods that only read a little (the metadata store, a few KiB of a file) and
 * answer, never waiting on a lock, a disk sync, a shim or another request. Such a call is answered without two
 * thread hand-offs, which on a busy node cost more than the call itself. A method that could block must not be
 * named unless it hands that part to a thread of its own: it would hold up every other call on its connections.
 *
 * <pre>{@code @Component(service = BindableService.class, property = InlineMethods.PROPERTY + "=Get")}</pre>
 */
public final class InlineMethods {
    /** The property: the methods' bare names, as the service's descriptor has them ({@code Get}, {@code Info}). */
    public static final String PROPERTY = "berth.grpc.inline";

    private InlineMethods() {
    }
}
