package io.berth.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.grpc.ServerServiceDefinition;
import io.grpc.util.MutableHandlerRegistry;

class ServiceTableTest {
    private final MutableHandlerRegistry registry = new MutableHandlerRegistry();
    private final ServiceTable table = new ServiceTable(registry);

    private static ServerServiceDefinition definition(String name) {
        return ServerServiceDefinition.builder(name).build();
    }

    private ServerServiceDefinition served(String name) {
        return registry.getServices().stream()
                .filter(d -> d.getServiceDescriptor().getName().equals(name)).findFirst().orElse(null);
    }

    @Test
    void servesTheHighestRankingImplementationAndFallsBackWhenItLeaves() {
        ServerServiceDefinition plain = definition("x.Svc");
        ServerServiceDefinition preferred = definition("x.Svc");
        table.add(new ServiceTable.Entry("plain", 0, 1, plain, Set.of()));
        table.add(new ServiceTable.Entry("preferred", 10, 2, preferred, Set.of()));
        assertEquals(preferred, served("x.Svc"));

        table.remove("preferred");
        assertEquals(plain, served("x.Svc"));

        table.remove("plain");
        assertNull(served("x.Svc"));
        assertEquals(0, registry.getServices().size());
    }

    @Test
    void equalRankingKeepsTheFirstRegistered() {
        ServerServiceDefinition first = definition("x.Svc");
        table.add(new ServiceTable.Entry("a", 0, 5, first, Set.of()));
        table.add(new ServiceTable.Entry("b", 0, 9, definition("x.Svc"), Set.of()));
        assertEquals(first, served("x.Svc"));
    }

    @Test
    void removingAnUnknownKeyChangesNothing() {
        ServerServiceDefinition only = definition("x.Svc");
        table.add(new ServiceTable.Entry("a", 0, 1, only, Set.of()));
        table.remove("nobody");
        assertEquals(only, served("x.Svc"));
    }

    @Test
    void onlyTheServedImplementationSaysWhichMethodsRunInline() {
        table.add(new ServiceTable.Entry("plain", 0, 1, definition("x.Svc"), Set.of("x.Svc/Get")));
        assertEquals(true, table.runsInline("x.Svc/Get"));

        table.add(new ServiceTable.Entry("replacement", 10, 2, definition("x.Svc"), Set.of()));
        assertEquals(false, table.runsInline("x.Svc/Get"), "the replacement names none");

        table.remove("replacement");
        assertEquals(true, table.runsInline("x.Svc/Get"));
        table.remove("plain");
        assertEquals(false, table.runsInline("x.Svc/Get"));
    }
}
