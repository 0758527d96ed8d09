package io.berth.grpc.internal;

import org.osgi.service.log.Logger;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** At debug level, one line per finished call: method, status and time taken. */
final class CallLogInterceptor implements ServerInterceptor {
    private final Logger log;

    CallLogInterceptor(Logger log) {
        this.log = log;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!log.isDebugEnabled()) {
            return next.startCall(call, headers);
        }
        long start = System.nanoTime();
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                long micros = (System.nanoTime() - start) / 1_000;
                log.debug("{} {} {}µs", call.getMethodDescriptor().getFullMethodName(), status.getCode(), micros);
                super.close(status, trailers);
            }
        }, headers);
    }
}
