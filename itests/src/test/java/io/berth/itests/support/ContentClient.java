package io.berth.itests.support;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.ReadContentRequest;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** containerd's content.v1 client on a channel, in one namespace, as containerd's remote content store uses it. */
public final class ContentClient {
    private final ContentGrpc.ContentBlockingStub blocking;
    private final ContentGrpc.ContentStub async;

    public ContentClient(Channel channel, String namespace) {
        this.blocking = Namespaced.stub(ContentGrpc.newBlockingStub(channel), namespace);
        this.async = Namespaced.stub(ContentGrpc.newStub(channel), namespace);
    }

    public ContentGrpc.ContentBlockingStub blocking() {
        return blocking;
    }

    public WriteStream write() {
        return new WriteStream(async);
    }

    /** All the bytes a Read answers, checking that each message carries its offset. */
    public byte[] read(String digest, long offset, long size) {
        Iterator<ReadContentResponse> answers = blocking.read(ReadContentRequest.newBuilder()
                .setDigest(digest).setOffset(offset).setSize(size).build());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long expectedOffset = Math.max(0, offset);
        while (answers.hasNext()) {
            ReadContentResponse answer = answers.next();
            if (answer.getOffset() != expectedOffset + all.size()) {
                throw new AssertionError("chunk at offset " + answer.getOffset() + " after " + all.size() + " bytes");
            }
            all.writeBytes(answer.getData().toByteArray());
        }
        return all.toByteArray();
    }

    public static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One Write stream, request by request. */
    public static final class WriteStream {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StreamObserver<WriteContentRequest> requests;

        private WriteStream(ContentGrpc.ContentStub stub) {
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
        public WriteContentResponse send(WriteContentRequest request) throws InterruptedException {
            requests.onNext(request);
            Object event = events.poll(60, TimeUnit.SECONDS);
            if (event instanceof WriteContentResponse response) {
                return response;
            }
            if (event instanceof StatusRuntimeException e) {
                throw e;
            }
            throw new AssertionError("no answer to " + request.getAction() + ", got " + event);
        }

        /**
         * Ends the stream and waits until the server has closed it: an ingest not committed is kept, and the ref is
         * free for the next stream. containerd's server sends its last answer once more first, which is skipped.
         */
        public void finish() throws InterruptedException {
            requests.onCompleted();
            Object event;
            do {
                event = events.poll(60, TimeUnit.SECONDS);
            } while (event instanceof WriteContentResponse);
            if (event != Status.OK) {
                throw new AssertionError("the server did not end the stream cleanly: " + event);
            }
        }
    }
}
