package io.berth.cli.images;

import com.google.protobuf.ByteString;
import io.berth.cli.CommandFailure;
import io.berth.cli.Daemon;
import io.berth.proto.containerd.services.content.v1.ContentGrpc;
import io.berth.proto.containerd.services.content.v1.Info;
import io.berth.proto.containerd.services.content.v1.UpdateRequest;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one blob into the namespace's content over containerd's Write stream, as containerd's remote content
 * store does: the bytes in chunks, then a commit that the daemon refuses unless size and digest are the expected
 * ones. A blob the daemon has already gets the labels added instead.
 */
final class BlobUpload {
    private static final int CHUNK = 1 << 20;

    private BlobUpload() {
    }

    static void write(Daemon daemon, String digest, long size, InputStream content, Map<String, String> labels) {
        String what = "write " + digest;
        String ref = "import-" + digest + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        StreamObserver<WriteContentRequest> requests = daemon.stream(what, ContentGrpc::newStub,
                stub -> stub.write(new StreamObserver<>() {
                    @Override
                    public void onNext(WriteContentResponse response) {
                        answers.add(response);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        answers.add(failure);
                    }

                    @Override
                    public void onCompleted() {
                        answers.add(Status.OK);
                    }
                }));
        try {
            byte[] buffer = new byte[CHUNK];
            long offset = 0;
            do {
                int read = content.readNBytes(buffer, 0, (int) Math.min(CHUNK, size - offset));
                if (read == 0 && offset < size) {
                    throw new CommandFailure(what + ": the archive ends " + (size - offset) + " bytes early");
                }
                send(daemon, what, requests, answers, WriteContentRequest.newBuilder().setAction(WriteAction.WRITE)
                        .setRef(ref).setTotal(size).setExpected(digest).setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, read)).build());
                offset += read;
            } while (offset < size);
            // The commit names the offset it follows: an offset of 0 would start the ingest over.
            send(daemon, what, requests, answers, WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT)
                    .setRef(ref).setTotal(size).setExpected(digest).setOffset(offset).putAllLabels(labels).build());
            requests.onCompleted();
        } catch (AlreadyPresent present) {
            label(daemon, digest, labels);
        } catch (IOException e) {
            requests.onError(Status.CANCELLED.asRuntimeException());
            throw new CommandFailure(what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(Status.CANCELLED.asRuntimeException());
            throw new CommandFailure(what + ": interrupted", e);
        }
    }

    private static void send(Daemon daemon, String what, StreamObserver<WriteContentRequest> requests,
            BlockingQueue<Object> answers, WriteContentRequest request) throws InterruptedException {
        requests.onNext(request);
        Object answer = answers.take();
        if (answer instanceof WriteContentResponse) {
            return;
        }
        if (answer instanceof StatusRuntimeException failure) {
            if (failure.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                throw new AlreadyPresent();
            }
            throw daemon.failure(what, failure);
        }
        throw new CommandFailure(what + ": the daemon ended the write early");
    }

    static void label(Daemon daemon, String digest, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        UpdateRequest.Builder update = UpdateRequest.newBuilder()
                .setInfo(Info.newBuilder().setDigest(digest).putAllLabels(labels));
        labels.keySet().forEach(key -> update.getUpdateMaskBuilder().addPaths("labels." + key));
        daemon.call("label " + digest, ContentGrpc::newBlockingStub, stub -> stub.update(update.build()));
    }

    /** The daemon has the blob: nothing to write. */
    private static final class AlreadyPresent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyPresent() {
            super(null, null, false, false);
        }
    }
}
