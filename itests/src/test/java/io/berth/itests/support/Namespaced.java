package io.berth.itests.support;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** Calls in a containerd namespace: the header containerd's client sends with each call. */
public final class Namespaced {
    private static final Metadata.Key<String> HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private Namespaced() {
    }

    /** Puts every call it intercepts in the namespace. */
    public static ClientInterceptor in(String namespace) {
        Metadata headers = new Metadata();
        headers.put(HEADER, namespace);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** The stub with every call of it in the namespace. */
    public static <S extends AbstractStub<S>> S stub(S stub, String namespace) {
        return stub.withInterceptors(in(namespace));
    }
}
