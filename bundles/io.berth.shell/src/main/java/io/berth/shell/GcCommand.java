package io.berth.shell;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.gc.Collected;
import io.berth.api.gc.GarbageCollector;

/** {@code berth:gc}: a garbage collection now, waited for, and what it removed. */
@Component(service = GcCommand.class, property = {
    "osgi.command.scope=berth",
    "osgi.command.function=gc",
})
public final class GcCommand {
    private final GarbageCollector gc;

    @Activate
    public GcCommand(@Reference GarbageCollector gc) {
        this.gc = gc;
    }

    @Descriptor("collect garbage now: blobs, ingests and expired leases nothing keeps")
    public String gc() {
        Collected collected = gc.collect();
        return "removed %d blobs, %d content references, %d ingests and %d expired leases in %d ms".formatted(
                collected.blobs(), collected.references(), collected.ingests(), collected.leases(),
                collected.took().toMillis());
    }
}
