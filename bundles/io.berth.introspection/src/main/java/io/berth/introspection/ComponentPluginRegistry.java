package io.berth.introspection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginInfo;
import io.berth.api.plugin.PluginRegistry;

/**
 * The plugin registry, read live from Declarative Services: every component that declares a
 * plugin type is listed whatever its state, so a plugin that could not start shows its reason.
 * Plugins that third-party bundles register without DS are listed from the service registry.
 */
@Component
public final class ComponentPluginRegistry implements PluginRegistry {
    private static final Comparator<PluginInfo> ORDER =
            Comparator.comparing(PluginInfo::type).thenComparing(PluginInfo::id);

    private final ServiceComponentRuntime runtime;
    private final BundleContext context;

    @Activate
    public ComponentPluginRegistry(@Reference ServiceComponentRuntime runtime, BundleContext context) {
        this.runtime = runtime;
        this.context = context;
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> plugins = new ArrayList<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (PluginProperties.isPlugin(description.properties)) {
                plugins.addAll(fromComponent(description));
            }
        }
        for (ServiceReference<?> reference : pluginServices()) {
            PluginInfo service = PluginProperties.info(PluginProperties.of(reference), PluginInfo.Status.OK, "");
            if (plugins.stream().noneMatch(p -> p.type().equals(service.type()) && p.id().equals(service.id()))) {
                plugins.add(service);
            }
        }
        plugins.sort(ORDER);
        return plugins;
    }

    private List<PluginInfo> fromComponent(ComponentDescriptionDTO description) {
        if (!runtime.isComponentEnabled(description)) {
            return List.of(PluginProperties.info(description.properties, PluginInfo.Status.SKIP, "disabled"));
        }
        var configurations = runtime.getComponentConfigurationDTOs(description);
        if (configurations.isEmpty()) {
            return List.of(PluginProperties.info(description.properties, PluginInfo.Status.SKIP, "no configuration"));
        }
        return configurations.stream().map(c -> fromConfiguration(description, c)).toList();
    }

    private static PluginInfo fromConfiguration(ComponentDescriptionDTO description, ComponentConfigurationDTO c) {
        Map<String, Object> properties = c.properties == null ? description.properties : c.properties;
        if (c.failure != null || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            return PluginProperties.info(properties, PluginInfo.Status.ERROR, ComponentFailures.failure(description, c));
        }
        return switch (c.state) {
            case ComponentConfigurationDTO.ACTIVE -> PluginProperties.info(properties, PluginInfo.Status.OK, "");
            // A satisfied immediate component that is not active tried to activate and could not.
            case ComponentConfigurationDTO.SATISFIED -> description.immediate
                    ? PluginProperties.info(properties, PluginInfo.Status.ERROR, ComponentFailures.failure(description, c))
                    : PluginProperties.info(properties, PluginInfo.Status.OK, "");
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                    PluginProperties.info(properties, PluginInfo.Status.SKIP, "no configuration");
            default -> PluginProperties.info(properties, PluginInfo.Status.ERROR,
                    ComponentFailures.unsatisfied(description, c));
        };
    }

    private List<ServiceReference<?>> pluginServices() {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(" + Plugin.TYPE + "=*)");
            return references == null ? List.of() : List.of(references);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter is malformed", e);
        }
    }
}
