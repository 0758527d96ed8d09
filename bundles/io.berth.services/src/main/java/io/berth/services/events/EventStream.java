package io.berth.services.events;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.berth.api.events.Event;
import io.berth.api.events.EventSink;
import io.berth.api.events.Subscription;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A subscription's events sent down one Subscribe call. A send waits until the client takes more, so a
 * client that stops reading fills its queue on the bus and is dropped there, rather than in memory here.
 */
final class EventStream implements EventSink {
    private final ServerCallStreamObserver<Envelope> call;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readyOrCancelled = lock.newCondition();
    private boolean cancelled;

    private EventStream(ServerCallStreamObserver<Envelope> call) {
        this.call = call;
    }

    /** Sets the call's handlers; must run before the service method returns. */
    static EventStream on(ServerCallStreamObserver<Envelope> call) {
        EventStream stream = new EventStream(call);
        call.setOnReadyHandler(stream::signal);
        return stream;
    }

    /** Closes the subscription when the client goes away. */
    void endWith(Subscription subscription) {
        call.setOnCancelHandler(() -> {
            lock.lock();
            try {
                cancelled = true;
                readyOrCancelled.signalAll();
            } finally {
                lock.unlock();
            }
            subscription.close();
        });
    }

    @Override
    public void receive(Event event) {
        lock.lock();
        try {
            while (!cancelled && !call.isReady()) {
                readyOrCancelled.await();
            }
            if (cancelled) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            lock.unlock();
        }
        call.onNext(EnvelopeMessages.toProto(event));
    }

    @Override
    public void ended(String reason) {
        if (!call.isCancelled()) {
            call.onError(Status.UNAVAILABLE.withDescription("event subscription ended: " + reason).asRuntimeException());
        }
    }

    private void signal() {
        lock.lock();
        try {
            readyOrCancelled.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
