package io.berth.grpc.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.ServerServiceDefinition;
import io.grpc.util.MutableHandlerRegistry;

/**
 * Which implementation serves each gRPC service name. Several bundles may register the
 * same service (a replacement plugin, say): the highest ranking one is served, and when
 * it goes away the next one takes over without the server restarting.
 */
final class ServiceTable {
    /**
     * One registered implementation: its OSGi ranking and registration order break ties.
     *
     * @param inlineMethods the full names of its methods that may run on the transport thread
     */
    record Entry(Object key, int ranking, long serviceId, ServerServiceDefinition definition,
                 Set<String> inlineMethods) {
    }

    private static final Comparator<Entry> PREFERRED = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final MutableHandlerRegistry registry;
    private final Map<String, List<Entry>> byName = new HashMap<>();
    /** The inline methods of the implementations served now; read on every call, so replaced, never changed. */
    private volatile Set<String> inline = Set.of();

    ServiceTable(MutableHandlerRegistry registry) {
        this.registry = registry;
    }

    synchronized void add(Entry entry) {
        String name = entry.definition().getServiceDescriptor().getName();
        List<Entry> entries = byName.computeIfAbsent(name, n -> new ArrayList<>());
        entries.add(entry);
        entries.sort(PREFERRED);
        registry.addService(entries.getFirst().definition());
        servedChanged();
    }

    synchronized void remove(Object key) {
        for (var it = byName.entrySet().iterator(); it.hasNext(); ) {
            var named = it.next();
            List<Entry> entries = named.getValue();
            Entry served = entries.getFirst();
            if (!entries.removeIf(e -> e.key().equals(key))) {
                continue;
            }
            if (entries.isEmpty()) {
                registry.removeService(served.definition());
                it.remove();
            } else if (entries.getFirst() != served) {
                registry.addService(entries.getFirst().definition());
            }
        }
        servedChanged();
    }

    /** Whether the served implementation of the method's service lets the method run on the transport thread. */
    boolean runsInline(String fullMethodName) {
        return inline.contains(fullMethodName);
    }

    private void servedChanged() {
        Set<String> now = new HashSet<>();
        byName.values().forEach(entries -> now.addAll(entries.getFirst().inlineMethods()));
        inline = Set.copyOf(now);
    }
}
