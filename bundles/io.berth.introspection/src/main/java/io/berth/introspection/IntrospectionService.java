package io.berth.introspection;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.protobuf.Empty;
import com.google.rpc.Code;

import io.berth.api.daemon.Daemon;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginInfo;
import io.berth.api.plugin.PluginRegistry;
import io.berth.api.plugin.PluginType;
import io.berth.filters.Filter;
import io.berth.filters.Filters;
import io.berth.grpc.InlineMethods;
import io.berth.proto.containerd.services.introspection.v1.IntrospectionGrpc;
import io.berth.proto.containerd.services.introspection.v1.PluginsRequest;
import io.berth.proto.containerd.services.introspection.v1.PluginsResponse;
import io.berth.proto.containerd.services.introspection.v1.ServerResponse;
import io.berth.proto.containerd.types.Platform;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/** containerd's {@code introspection.v1.Introspection}: the plugins, and who this server is. */
@Component(service = BindableService.class, property = {
    Plugin.TYPE + "=" + PluginType.GRPC,
    Plugin.ID + "=introspection",
    InlineMethods.PROPERTY + "=Server",
})
public final class IntrospectionService extends IntrospectionGrpc.IntrospectionImplBase {
    /** containerd marks skipped plugins by this phrase in their error; ctr looks for it. */
    static final String SKIP_PLUGIN = "skip plugin";

    private final PluginRegistry registry;
    private final ServerResponse server;

    @Activate
    public IntrospectionService(@Reference PluginRegistry registry, @Reference Daemon daemon) {
        this.registry = registry;
        this.server = ServerResponse.newBuilder()
                .setUuid(ServerIdentity.uuid(daemon.pluginRoot(PluginType.GRPC, "introspection")))
                .setPid(ProcessHandle.current().pid())
                .setPidns(ServerIdentity.pidNamespace())
                .build();
    }

    @Override
    public void plugins(PluginsRequest request, StreamObserver<PluginsResponse> response) {
        Filter filter = Filters.parseAll(request.getFiltersList());
        PluginsResponse.Builder answer = PluginsResponse.newBuilder();
        for (PluginInfo plugin : registry.plugins()) {
            if (filter.match(fieldpath -> field(plugin, fieldpath))) {
                answer.addPlugins(toProto(plugin));
            }
        }
        response.onNext(answer.build());
        response.onCompleted();
    }

    @Override
    public void server(Empty request, StreamObserver<ServerResponse> response) {
        response.onNext(server);
        response.onCompleted();
    }

    /** The fields containerd lets filters select plugins by. */
    private static Optional<String> field(PluginInfo plugin, List<String> fieldpath) {
        if (fieldpath.isEmpty()) {
            return Optional.empty();
        }
        return switch (fieldpath.getFirst()) {
            case "type" -> Optional.of(plugin.type());
            case "id" -> Optional.of(plugin.id());
            default -> Optional.empty();
        };
    }

    static io.berth.proto.containerd.services.introspection.v1.Plugin toProto(PluginInfo plugin) {
        var proto = io.berth.proto.containerd.services.introspection.v1.Plugin.newBuilder()
                .setType(plugin.type())
                .setId(plugin.id())
                .addAllRequires(plugin.requires())
                .putAllExports(plugin.exports())
                .addAllCapabilities(plugin.capabilities());
        for (String platform : plugin.platforms()) {
            proto.addPlatforms(platform(platform));
        }
        switch (plugin.status()) {
            case OK -> { }
            case SKIP -> proto.setInitErr(com.google.rpc.Status.newBuilder()
                    .setCode(Code.UNKNOWN_VALUE).setMessage(plugin.message() + ": " + SKIP_PLUGIN));
            case ERROR -> proto.setInitErr(com.google.rpc.Status.newBuilder()
                    .setCode(Code.UNKNOWN_VALUE).setMessage(plugin.message()));
        }
        return proto.build();
    }

    /** {@code os/arch[/variant]} as containerd's platform message. */
    static Platform platform(String text) {
        String[] parts = text.split("/", 3);
        Platform.Builder platform = Platform.newBuilder().setOs(parts[0]);
        if (parts.length > 1) {
            platform.setArchitecture(parts[1]);
        }
        if (parts.length > 2) {
            platform.setVariant(parts[2]);
        }
        return platform.build();
    }
}
