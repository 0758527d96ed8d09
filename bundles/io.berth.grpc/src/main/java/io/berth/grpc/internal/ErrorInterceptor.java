package io.berth.grpc.internal;

import java.util.function.Consumer;

import org.osgi.service.log.Logger;

import io.berth.api.errors.BerthException;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Turns what a service throws, or passes to {@code onError}, into a status with a reason.
 * grpc-java would otherwise answer UNKNOWN with no description for both. Errors count too (a
 * class of a bundle refreshed under a running call that fails to link, a broken assertion): the
 * client still gets the reason, and the log the trace.
 */
final class ErrorInterceptor implements ServerInterceptor {
    private final Logger log;

    ErrorInterceptor(Logger log) {
        this.log = log;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        MappingCall<Q, R> mapping = new MappingCall<>(call);
        return new GuardedListener<>(next.startCall(mapping, headers), mapping);
    }

    private final class MappingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
        private boolean closed;

        MappingCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (closed) {
                return;
            }
            closed = true;
            Throwable cause = status.getCause();
            if (status.getCode() == Status.Code.UNKNOWN && cause != null) {
                status = failed(cause);
            }
            super.close(status, trailers);
        }

        void fail(Throwable t) {
            close(failed(t), new Metadata());
        }

        private Status failed(Throwable t) {
            Status status = StatusMapping.toStatus(t);
            if (!(t instanceof BerthException)) {
                log.error("{} failed", getMethodDescriptor().getFullMethodName(), t);
            }
            return status;
        }
    }

    private static final class GuardedListener<Q> extends SimpleForwardingServerCallListener<Q> {
        private final MappingCall<Q, ?> call;

        GuardedListener(ServerCall.Listener<Q> delegate, MappingCall<Q, ?> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            guard(l -> l.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            guard(ServerCall.Listener::onHalfClose);
        }

        @Override
        public void onReady() {
            guard(ServerCall.Listener::onReady);
        }

        private void guard(Consumer<ServerCall.Listener<Q>> step) {
            try {
                step.accept(delegate());
            } catch (RuntimeException | Error e) {
                call.fail(e);
            }
        }
    }
}
