package io.berth.api.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * A runtime configured by name, as containerd's CRI {@code runtimes.<name>} tables configure one.
 *
 * @param name the name tasks and containers use, such as {@code runc} or {@code crun}
 * @param type the runtime type that runs it, such as {@code io.containerd.runc.v2}
 * @param options the runtime's options with containerd's keys ({@code BinaryName}, {@code Root},
 *        {@code SystemdCgroup} …): strings, booleans and longs
 * @param privilegedWithoutHostDevices whether privileged containers of this runtime get no host devices
 */
public record RuntimeHandler(String name, String type, Map<String, Object> options,
                             boolean privilegedWithoutHostDevices) {
    public RuntimeHandler {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
