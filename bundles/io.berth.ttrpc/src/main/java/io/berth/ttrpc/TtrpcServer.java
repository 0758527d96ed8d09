package io.berth.ttrpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiFunction;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/**
 * A ttrpc server on a Unix domain socket that answers unary and streaming calls. Each connection has a reader
 * thread; each call runs on a virtual thread of its own, so a slow handler holds up nobody else.
 */
public final class TtrpcServer implements AutoCloseable {
    private static final long MAX_ACCEPT_BACKOFF_MILLIS = 1000;

    private final Map<String, Map<String, Method>> services;
    private final ServerSocketChannel listener;
    private final Path socket;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor deadlines = deadlineTimer();
    private volatile boolean closed;

    private TtrpcServer(Map<String, Map<String, Method>> services, ServerSocketChannel listener, Path socket) {
        this.services = services;
        this.listener = listener;
        this.socket = socket;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the methods to serve, then binds the socket. */
    public static final class Builder {
        private final Map<String, Map<String, Method>> services = new HashMap<>();

        private Builder() {
        }

        /** Serves service/method; a second registration of the same name replaces the first, whatever its kind. */
        public <Q extends Message> Builder unary(String service, String method, Parser<Q> requestParser,
                                                 UnaryHandler<Q> handler) {
            return register(service, method, requestParser, handler, UnaryMethod::new);
        }

        /** Serves a method that answers one request with a stream of messages. */
        public <Q extends Message> Builder serverStreaming(String service, String method, Parser<Q> requestParser,
                                                           ServerStreamingHandler<Q> handler) {
            return register(service, method, requestParser, handler, StreamMethod::serverStreaming);
        }

        /** Serves a method that answers a stream of messages with one response. */
        public <Q extends Message> Builder clientStreaming(String service, String method, Parser<Q> requestParser,
                                                           ClientStreamingHandler<Q> handler) {
            return register(service, method, requestParser, handler, StreamMethod::clientStreaming);
        }

        /** Serves a method on which both sides send streams of messages. */
        public <Q extends Message> Builder bidiStreaming(String service, String method, Parser<Q> requestParser,
                                                         BidiStreamingHandler<Q> handler) {
            return register(service, method, requestParser, handler, StreamMethod::bidiStreaming);
        }

        private <Q extends Message, H> Builder register(String service, String method, Parser<Q> requestParser,
                                                        H handler, BiFunction<Parser<Q>, H, Method> kind) {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(requestParser, "requestParser");
            Objects.requireNonNull(handler, "handler");
            services.computeIfAbsent(service, name -> new HashMap<>()).put(method, kind.apply(requestParser, handler));
            return this;
        }

        /**
         * Listens on the socket, readable and writable by the owner only. A socket file left behind by an earlier
         * server is removed first; any other file there is an error.
         */
        public TtrpcServer bind(Path socket) throws IOException {
            removeStaleSocket(socket);
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                listener.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                listener.close();
                throw e;
            }
            Map<String, Map<String, Method>> frozen = new HashMap<>();
            services.forEach((name, methods) -> frozen.put(name, Map.copyOf(methods)));
            TtrpcServer server = new TtrpcServer(Map.copyOf(frozen), listener, socket);
            Thread.ofVirtual().name("ttrpc-server-accept " + socket).start(server::acceptConnections);
            return server;
        }

        private static void removeStaleSocket(Path socket) throws IOException {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            if (!attributes.isOther()) {
                throw new IOException(socket + " exists and is not a socket");
            }
            Files.delete(socket);
        }
    }

    /** Stops accepting, closes every connection and deletes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // The listener is being discarded; a failure to close it changes nothing for the caller.
        }
        connections.forEach(ServerConnection::close);
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // A socket file that cannot be deleted is removed as stale by the next bind.
        }
    }

    private void acceptConnections() {
        long backoffMillis = 0;
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
                backoffMillis = 0;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Out of file descriptors and the like: wait a little rather than spin, as Go's servers do.
                backoffMillis = Math.min(MAX_ACCEPT_BACKOFF_MILLIS, Math.max(5, backoffMillis * 2));
                if (!pause(backoffMillis)) {
                    return;
                }
                continue;
            }
            ServerConnection connection = new ServerConnection(channel, services, deadlines, connections::remove);
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            Thread.ofVirtual().name("ttrpc-server-connection " + socket).start(connection::serve);
        }
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ttrpc-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
