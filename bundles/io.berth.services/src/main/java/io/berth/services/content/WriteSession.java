package io.berth.services.content;

import java.util.Optional;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.Status;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.berth.services.Timestamps;
import io.grpc.stub.StreamObserver;

/**
 * One Write stream, driven the way containerd's client drives it: the first message names the ref and
 * opens (or resumes) the ingest; every message may announce the total and the expected digest; STAT
 * reports progress, WRITE appends at the current offset (offset 0 on a non-empty ingest starts over),
 * COMMIT appends its data, commits and ends the stream. A dropped stream keeps the ingest for resumption.
 * Under a lease, the lease holds the ingest, then the blob.
 * gRPC delivers one stream's messages one at a time, so the session needs no locking.
 */
final class WriteSession implements StreamObserver<WriteContentRequest> {
    private final NamespacedContent content;
    private final String namespace;
    private final Optional<String> lease;
    private final StreamObserver<WriteContentResponse> responses;
    /** The stream's one answer, as containerd's service keeps it: what a STAT reported stays in later answers. */
    private final WriteContentResponse.Builder response = WriteContentResponse.newBuilder();
    private ContentWriter writer;
    private String ref;
    private long total;
    private Digest expected;
    private boolean ended;

    WriteSession(NamespacedContent content, String namespace, Optional<String> lease,
                 StreamObserver<WriteContentResponse> responses) {
        this.content = content;
        this.namespace = namespace;
        this.lease = lease;
        this.responses = responses;
    }

    @Override
    public void onNext(WriteContentRequest request) {
        if (ended) {
            return;
        }
        try {
            // Parsed before the first message opens the ingest, so that a refused one leaves none behind.
            Digest announced = request.getExpected().isEmpty() ? null : Digest.parse(request.getExpected());
            if (writer == null) {
                open(request);
            }
            WriteContentResponse response = handle(request, announced);
            responses.onNext(response);
            if (request.getAction() == WriteAction.COMMIT) {
                end();
                responses.onCompleted();
            }
        } catch (RuntimeException e) {
            end();
            responses.onError(e);
        }
    }

    private void open(WriteContentRequest first) {
        if (first.getRef().isEmpty()) {
            throw BerthException.invalidArgument("first message must have a reference");
        }
        ref = first.getRef();
        total = first.getTotal();
        writer = content.writer(namespace, lease, ref, total);
    }

    private WriteContentResponse handle(WriteContentRequest request, Digest announced) {
        if (announced != null) {
            expected = announced;
            if (content.references(namespace, expected)) {
                content.holdExisting(namespace, lease, ref, expected);
                end();
                content.abort(namespace, ref);
                throw BerthException.alreadyExists("blob with expected digest %s exists", expected);
            }
        }
        if (request.getTotal() > 0) {
            total = request.getTotal();
        }
        Status status = writer.status();
        response.setAction(request.getAction()).setOffset(status.offset());
        switch (request.getAction()) {
            case STAT -> response.setDigest(writer.digest().toString()).setTotal(total)
                    .setStartedAt(Timestamps.of(status.startedAt()))
                    .setUpdatedAt(Timestamps.of(status.updatedAt()));
            case WRITE, COMMIT -> {
                append(request, status.offset());
                response.setOffset(writer.offset());
                Digest written = request.getAction() == WriteAction.COMMIT
                        ? content.commit(namespace, lease, ref, writer, total, expected, request.getLabelsMap())
                        : writer.digest();
                response.setDigest(written.toString());
            }
            default -> throw BerthException.invalidArgument("unknown write action %s for ref %s",
                    request.getActionValue(), ref);
        }
        return response.build();
    }

    /** A positive offset must be where the ingest stands; 0 on a non-empty ingest starts it over. */
    private void append(WriteContentRequest request, long current) {
        long offset = request.getOffset();
        if (offset > 0 && offset != current) {
            throw new BerthException(ErrorKind.OUT_OF_RANGE,
                    "write @%d must occur at current offset %d".formatted(offset, current));
        }
        if (offset == 0 && current > 0) {
            writer.truncate(0);
        }
        if (!request.getData().isEmpty()) {
            writer.write(request.getData().asReadOnlyByteBuffer());
        }
    }

    /** The client dropped the stream: what was written stays for a later Write to resume. */
    @Override
    public void onError(Throwable cause) {
        end();
    }

    @Override
    public void onCompleted() {
        if (!ended) {
            end();
            responses.onCompleted();
        }
    }

    private void end() {
        ended = true;
        if (writer != null) {
            writer.close();
        }
    }
}
