package io.berth.grpc.internal;

import io.berth.api.errors.BerthException;
import io.berth.grpc.RequestContext;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Puts the {@code containerd-namespace} header into the call's context. A header that is
 * not a valid namespace name ends the call with INVALID_ARGUMENT before any service sees it.
 */
final class NamespaceInterceptor implements ServerInterceptor {
    private static final ServerCall.Listener<?> NOOP = new ServerCall.Listener<>() {
    };

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String namespace = headers.get(RequestContext.NAMESPACE_HEADER);
        if (namespace == null) {
            return next.startCall(call, headers);
        }
        Context context;
        try {
            context = RequestContext.withNamespace(Context.current(), namespace);
        } catch (BerthException e) {
            call.close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), new Metadata());
            @SuppressWarnings("unchecked")
            ServerCall.Listener<Q> noop = (ServerCall.Listener<Q>) NOOP;
            return noop;
        }
        return Contexts.interceptCall(context, call, headers, next);
    }
}
