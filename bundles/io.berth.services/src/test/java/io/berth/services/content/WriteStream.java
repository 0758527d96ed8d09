package io.berth.services.content;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** One client Write stream, request by request, as containerd's remote writer uses it. */
final class WriteStream {
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StreamObserver<WriteContentRequest> requests;

    WriteStream(ContentGrpc.ContentStub stub) {
        requests = stub.write(new StreamObserver<>() {
            @Override
            public void onNext(WriteContentResponse response) {
                events.add(response);
            }

            @Override
            public void onError(Throwable t) {
                events.add(t);
            }

            @Override
            public void onCompleted() {
                events.add(Status.OK);
            }
        });
    }

    /** Sends one request and waits for its answer; a failed stream throws its status. */
    WriteContentResponse send(WriteContentRequest request) throws InterruptedException {
        requests.onNext(request);
        Object event = events.poll(10, TimeUnit.SECONDS);
        if (event instanceof WriteContentResponse response) {
            return response;
        }
        if (event instanceof StatusRuntimeException e) {
            throw e;
        }
        throw new AssertionError("no answer to " + request.getAction() + ", got " + event);
    }

    /** Cancels the stream, as a client that dies mid-write does. */
    void drop() {
        requests.onError(Status.CANCELLED.withDescription("client gone").asRuntimeException());
    }
}
