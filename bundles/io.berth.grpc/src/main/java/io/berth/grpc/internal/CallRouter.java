package io.berth.grpc.internal;

import java.util.List;
import java.util.concurrent.Executor;

import io.grpc.HandlerRegistry;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;

/**
 * What a connection asks the server about a call: the method a name stands for, the server's interceptors around
 * it, and where its callbacks run (the transport thread for the methods their services name inline, a virtual
 * thread for the others).
 */
final class CallRouter {
    private final HandlerRegistry registry;
    private final ServiceTable services;
    /** The last is the outermost: it sees a call first. */
    private final List<ServerInterceptor> interceptors;
    private final Executor calls;
    private final int maxInboundMessageSize;

    CallRouter(HandlerRegistry registry, ServiceTable services, List<ServerInterceptor> interceptors,
               Executor calls, int maxInboundMessageSize) {
        this.registry = registry;
        this.services = services;
        this.interceptors = List.copyOf(interceptors);
        this.calls = calls;
        this.maxInboundMessageSize = maxInboundMessageSize;
    }

    /** The method of that full name, or null when no service served now has it. */
    ServerMethodDefinition<?, ?> method(String fullName) {
        return registry.lookupMethod(fullName, null);
    }

    <Q, R> ServerCallHandler<Q, R> intercepted(ServerCallHandler<Q, R> handler) {
        ServerCallHandler<Q, R> outer = handler;
        for (ServerInterceptor interceptor : interceptors) {
            ServerCallHandler<Q, R> next = outer;
            outer = (call, headers) -> interceptor.interceptCall(call, headers, next);
        }
        return outer;
    }

    Executor executor(String fullName) {
        return services.runsInline(fullName) ? Runnable::run : calls;
    }

    int maxInboundMessageSize() {
        return maxInboundMessageSize;
    }
}
