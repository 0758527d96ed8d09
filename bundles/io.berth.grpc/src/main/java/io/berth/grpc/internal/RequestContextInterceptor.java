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
 * Puts the {@code containerd-namespace} and {@code containerd-lease} headers into the call's context. A
 * namespace header that is not a valid namespace name ends the call with INVALID_ARGUMENT before any service
 * sees it; a lease is checked where it is used, since only the metadata store knows whether it exists.
 */
final class RequestContextInterceptor implements ServerInterceptor {
    private static final ServerCall.Listener<?> NOOP = new ServerCall.Listener<>() {
    };

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String namespace = headers.get(RequestContext.NAMESPACE_HEADER);
        String lease = headers.get(RequestContext.LEASE_HEADER);
        if (namespace == null && lease == null) {
            return next.startCall(call, headers);
        }
        Context context = Context.current();
        try {
            if (namespace != null) {
                context = RequestContext.withNamespace(context, namespace);
            }
            if (lease != null) {
                context = RequestContext.withLease(context, lease);
            }
        } catch (BerthException e) {
            call.close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), new Metadata());
            @SuppressWarnings("unchecked")
            ServerCall.Listener<Q> noop = (ServerCall.Listener<Q>) NOOP;
            return noop;
        }
        return Contexts.interceptCall(context, call, headers, next);
    }
}
