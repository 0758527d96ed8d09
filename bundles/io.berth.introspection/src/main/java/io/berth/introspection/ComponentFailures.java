package io.berth.introspection;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Says in one line why a component is not running. */
final class ComponentFailures {
    private ComponentFailures() {
    }

    /** "requires <interface> (<reference>)" for each missing service. */
    static String unsatisfied(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        return Arrays.stream(configuration.unsatisfiedReferences)
                .map(missing -> "requires " + Arrays.stream(description.references)
                        .filter(r -> r.name.equals(missing.name))
                        .map(r -> r.interfaceName)
                        .findFirst().orElse(missing.name)
                        + (missing.target == null ? "" : " matching " + missing.target))
                .collect(Collectors.joining(", "));
    }

    /** The first line of the activation failure DS recorded: the exception and its message. */
    static String failure(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String failure = configuration.failure;
        if (failure == null || failure.isBlank()) {
            return "could not activate " + description.implementationClass;
        }
        int end = failure.indexOf('\n');
        return (end < 0 ? failure : failure.substring(0, end)).strip();
    }
}
