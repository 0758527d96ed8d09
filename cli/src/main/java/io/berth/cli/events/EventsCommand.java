package io.berth.cli.events;

import io.berth.cli.Berth;
import io.berth.cli.Daemon;
import io.berth.cli.JsonOutput;
import io.berth.cli.OutputFormat;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth events [FILTER..]}: one line per event until interrupted, as ctr prints them; with
 * {@code --format json}, each envelope as one line of JSON.
 */
@Command(name = "events", aliases = "event", description = "Display berth's events")
public final class EventsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = "Filters in containerd's syntax; an event is shown if any matches, e.g. topic==/images/create")
    private List<String> filters = new ArrayList<>();

    @Override
    public Integer call() {
        Berth berth = Berth.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Daemon daemon = berth.connect()) {
            SubscribeRequest request = SubscribeRequest.newBuilder().addAllFilters(filters).build();
            Iterator<Envelope> events = daemon.stream("subscribe to events", EventsGrpc::newBlockingStub,
                    stub -> stub.subscribe(request));
            try {
                while (events.hasNext()) {
                    Envelope event = events.next();
                    out.println(berth.format() == OutputFormat.JSON ? EventLine.json(event) : EventLine.text(event));
                    out.flush();
                }
            } catch (StatusRuntimeException e) {
                throw daemon.failure("receive events", e);
            }
        }
        return 0;
    }
}
