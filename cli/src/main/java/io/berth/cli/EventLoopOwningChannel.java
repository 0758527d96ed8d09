package io.berth.cli;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** A channel that stops its event loop when it is shut down, since grpc never stops a group it was given. */
final class EventLoopOwningChannel extends ManagedChannel {
    private final ManagedChannel channel;
    private final EventLoopGroup eventLoop;

    EventLoopOwningChannel(ManagedChannel channel, EventLoopGroup eventLoop) {
        this.channel = channel;
        this.eventLoop = eventLoop;
    }

    @Override
    public ManagedChannel shutdown() {
        channel.shutdown();
        stopEventLoopAfterChannel();
        return this;
    }

    @Override
    public ManagedChannel shutdownNow() {
        channel.shutdownNow();
        stopEventLoopAfterChannel();
        return this;
    }

    @Override
    public boolean isShutdown() {
        return channel.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return channel.isTerminated() && eventLoop.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return channel.awaitTermination(timeout, unit)
                && eventLoop.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return channel.newCall(method, options);
    }

    @Override
    public String authority() {
        return channel.authority();
    }

    @Override
    public ConnectivityState getState(boolean requestConnection) {
        return channel.getState(requestConnection);
    }

    @Override
    public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
        channel.notifyWhenStateChanged(source, callback);
    }

    @Override
    public void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    @Override
    public void enterIdle() {
        channel.enterIdle();
    }

    private void stopEventLoopAfterChannel() {
        // The transport still runs on the loop while it closes; stop the loop only once it is done.
        Thread.ofVirtual().start(() -> {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        });
    }
}
