package io.berth.grpc;

import java.util.Optional;

import io.berth.api.namespaces.Namespaces;
import io.grpc.Context;
import io.grpc.Metadata;

/**
 * The parts of a gRPC request that Berth's services act on. The server has already
 * validated the {@code containerd-namespace} header when a service sees it.
 */
public final class RequestContext {
    /** The header containerd's clients send the namespace in. */
    public static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> NAMESPACE = Context.key("berth.namespace");

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

    /** A context carrying a namespace that has been validated. */
    public static Context withNamespace(Context context, String namespace) {
        return context.withValue(NAMESPACE, Namespaces.validate(namespace));
    }
}
