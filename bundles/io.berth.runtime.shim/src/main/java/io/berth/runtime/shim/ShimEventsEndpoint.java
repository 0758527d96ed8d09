package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;

import io.berth.api.errors.BerthException;
import io.berth.api.events.Event;
import io.berth.api.events.EventPublisher;
import io.berth.proto.containerd.services.events.ttrpc.v1.ForwardRequest;
import io.berth.proto.containerd.types.Envelope;
import io.berth.ttrpc.TtrpcServer;
import io.grpc.Status;

/**
 * The daemon's ttrpc socket, {@code <grpc address>.ttrpc}: shims call
 * {@code containerd.services.events.ttrpc.v1.Events/Forward} on it with their tasks' events, which go onto the
 * event bus as they are. The task runtime starts shims only while this socket is served.
 */
@Component(service = ShimEventsEndpoint.class, configurationPid = "io.berth.grpc",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ShimEventsEndpoint {
    static final String SERVICE = "containerd.services.events.ttrpc.v1.Events";

    private final String daemonAddress;
    private final TtrpcServer server;

    @Activate
    public ShimEventsEndpoint(@Reference(service = LoggerFactory.class) Logger log, @Reference EventPublisher events,
                              GrpcAddress config) throws IOException {
        this.daemonAddress = config.address();
        Path socket = Path.of(config.address() + ".ttrpc");
        this.server = TtrpcServer.builder()
                .unary(SERVICE, "Forward", ForwardRequest.parser(), (request, metadata) -> {
                    try {
                        events.forward(event(request.getEnvelope()));
                    } catch (BerthException e) {
                        throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
                    }
                    return Empty.getDefaultInstance();
                })
                .bind(socket);
        log.info("serving shim events on {}", socket);
    }

    /** The daemon's gRPC socket, which shims are told; their events come to it with {@code .ttrpc} appended. */
    String daemonAddress() {
        return daemonAddress;
    }

    /**
     * A forwarded envelope as the bus carries it.
     *
     * @throws BerthException INVALID_ARGUMENT for an invalid namespace or topic, or no timestamp
     */
    static Event event(Envelope envelope) {
        Timestamp at = envelope.getTimestamp();
        if (!envelope.hasTimestamp() || at.getSeconds() == 0 && at.getNanos() == 0) {
            throw BerthException.invalidArgument("timestamp must be set on a forwarded event");
        }
        return new Event(Instant.ofEpochSecond(at.getSeconds(), at.getNanos()), envelope.getNamespace(),
                envelope.getTopic(), envelope.getEvent().getTypeUrl(), envelope.getEvent().getValue().toByteArray());
    }

    @Deactivate
    void stop() {
        server.close();
    }
}
