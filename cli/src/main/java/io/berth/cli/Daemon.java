package io.berth.cli;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A connection to the daemon that makes calls in one namespace, each with its own deadline. */
public final class Daemon implements AutoCloseable {
    /** The header that carries the namespace, as containerd's clients send it. */
    static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    /** The header that puts what a call creates under a lease, as containerd's clients send it. */
    static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private final Path address;
    private final ManagedChannel channel;
    private final String namespace;
    private ClientInterceptor callHeaders;
    private final Duration timeout;

    private Daemon(Path address, ManagedChannel channel, String namespace, Duration timeout) {
        this.address = address;
        this.channel = channel;
        this.namespace = namespace;
        this.callHeaders = headers(null);
        this.timeout = timeout;
    }

    /**
     * Makes every later call under {@code lease} (null for none), so that what they create is kept until the
     * lease is deleted.
     */
    public void useLease(String lease) {
        callHeaders = headers(lease);
    }

    private ClientInterceptor headers(String lease) {
        Metadata headers = new Metadata();
        headers.put(NAMESPACE_HEADER, namespace);
        if (lease != null) {
            headers.put(LEASE_HEADER, lease);
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    static Daemon connect(Path address, String namespace, Duration timeout) {
        // Checked here because grpc would only report an opaque "io exception" later.
        if (!Files.exists(address)) {
            throw new CommandFailure("cannot connect to " + address + ": no such file");
        }
        return new Daemon(address, UnixChannels.open(address), namespace, timeout);
    }

    /**
     * Makes one call: {@code what} names it in the error if it fails, e.g. "list plugins".
     * The stub is made per call so that the deadline counts from this call, not from an earlier one.
     */
    public <S extends AbstractStub<S>, T> T call(String what, Function<Channel, S> newStub, Function<S, T> rpc) {
        S stub = newStub.apply(channel).withInterceptors(callHeaders);
        if (!timeout.isZero()) {
            stub = stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        try {
            return rpc.apply(stub);
        } catch (StatusRuntimeException e) {
            throw failure(what, e);
        }
    }

    /**
     * Starts a call whose answer is a stream read for as long as it lasts, such as events or a blob:
     * it has no deadline. A failure while reading the stream is reported through {@link #failure}.
     */
    public <S extends AbstractStub<S>, T> T stream(String what, Function<Channel, S> newStub, Function<S, T> rpc) {
        S stub = newStub.apply(channel).withInterceptors(callHeaders);
        try {
            return rpc.apply(stub);
        } catch (StatusRuntimeException e) {
            throw failure(what, e);
        }
    }

    /** The one-line report of a failed call: {@code what} failed, with the daemon's reason. */
    public CommandFailure failure(String what, StatusRuntimeException e) {
        Throwable cause = e.getStatus().getCause();
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE && cause instanceof IOException) {
            return new CommandFailure("cannot connect to " + address + ": " + ErrorLine.lowerFirst(rootCause(cause).getMessage()), e);
        }
        return CommandFailure.of(what, e);
    }

    /** Netty wraps the system's error ("Connection refused") in one that repeats the address. */
    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
