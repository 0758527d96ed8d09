package io.berth.grpc;

import java.util.Optional;

import io.berth.api.namespaces.Namespaces;
import io.grpc.Context;
import io.grpc.Metadata;

/**
 * The parts of a gRPC request that Berth's services act on: its namespace and its lease. The server has
 * already validated the {@code containerd-namespace} header when a service sees it.
 */
public final class RequestContext {
    /** The header containerd's clients send the namespace in. */
    public static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    /** The header containerd's clients send the lease in, under which what the request creates is kept. */
    public static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> NAMESPACE = Context.key("berth.namespace");
    private static final Context.Key<String> LEASE = Context.key("berth.lease");

    private RequestContext() {
    }

    /** The request's namespace, {@code default} when the client named none. */
    public static String namespace() {
        return namespaceIfGiven().orElse(Namespaces.DEFAULT);
    }

    /** The namespace the client named, if any. */
    public static Optional<String> namespaceIfGiven() {
        return Optional.ofNullable(NAMESPACE.get());
    }

    /** The lease the client named, if any; it may not exist. */
    public static Optional<String> lease() {
        return Optional.ofNullable(LEASE.get());
    }

    /** A context carrying a lease; an empty one counts as none, as in containerd. */
    public static Context withLease(Context context, String lease) {
        return lease.isEmpty() ? context : context.withValue(LEASE, lease);
    }

    /** A context carrying a namespace that has been validated. */
    public static Context withNamespace(Context context, String namespace) {
        return context.withValue(NAMESPACE, Namespaces.validate(namespace));
    }
}
