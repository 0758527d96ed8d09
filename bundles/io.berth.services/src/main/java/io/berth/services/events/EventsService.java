package io.berth.services.events;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;

import io.berth.api.events.EventBus;
import io.berth.api.events.Subscription;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.grpc.RequestContext;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.ForwardRequest;
import io.berth.proto.containerd.services.events.v1.PublishRequest;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.BindableService;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * containerd's {@code events.v1.Events} on the event bus. Publish stamps the time and the request's
 * namespace; Forward passes an envelope on as it is; Subscribe streams, across all namespaces, the events
 * that any of its filters accepts ({@code topic}, {@code namespace}, {@code event.<field>}).
 */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=events",
})
public final class EventsService extends EventsGrpc.EventsImplBase {
    private final EventBus bus;

    @Activate
    public EventsService(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<Empty> response) {
        bus.publish(RequestContext.namespace(), request.getTopic(), request.getEvent().getTypeUrl(),
                request.getEvent().getValue().toByteArray());
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void forward(ForwardRequest request, StreamObserver<Empty> response) {
        bus.forward(EnvelopeMessages.fromProto(request.getEnvelope()));
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<Envelope> response) {
        EventStream stream = EventStream.on((ServerCallStreamObserver<Envelope>) response);
        Subscription subscription = bus.subscribe(request.getFiltersList(), stream);
        stream.endWith(subscription);
    }
}
