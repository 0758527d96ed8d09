package io.berth.itests.support;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** Calls in a containerd namespace: the header containerd's client sends with each call. */
public final class Namespaced {
    public static final Metadata.Key<String> HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private Namespaced() {
    }

    /** The header naming the namespace. */
    public static Metadata headers(String namespace) {
        Metadata headers = new Metadata();
        headers.put(HEADER, namespace);
        return headers;
    }

    public static ClientInterceptor in(String namespace) {
        return MetadataUtils.newAttachHeadersInterceptor(headers(namespace));
    }

    /** The stub with every call of it in the namespace. */
    public static <S extends AbstractStub<S>> S stub(S stub, String namespace) {
        return stub.withInterceptors(in(namespace));
    }
}
