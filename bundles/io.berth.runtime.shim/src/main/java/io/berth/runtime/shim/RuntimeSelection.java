package io.berth.runtime.shim;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.RuntimeHandler;
import io.berth.api.runtime.Runtimes;

/**
 * What runs a task: a runtime named in the configuration is its runtime type and options, and the options the
 * client gave win over the configured ones, as containerd's client-set options do; a runtime type
 * ({@code io.containerd.runc.v2}) or a shim's absolute path is taken as it is.
 *
 * @param type the runtime type or shim path whose binary runs the task
 * @param options the options the shim gets; null when none
 */
record RuntimeSelection(String type, TypedValue options) {
    /**
     * @param given the options of the container or task; null or empty when the client gave none
     * @throws BerthException NOT_FOUND for a plain name that no runtime is configured under
     */
    static RuntimeSelection of(Runtimes runtimes, String runtime, TypedValue given) {
        boolean clientOptions = given != null && (given.value().length > 0 || !given.typeUrl().isEmpty());
        if (runtime != null && (runtime.startsWith("/") || runtime.contains("."))) {
            return new RuntimeSelection(runtime, given);
        }
        RuntimeHandler configured = runtimes.find(runtime).orElseThrow(() -> BerthException.notFound(
                "runtime %s is not configured: it should be one of %s, a runtime type such as"
                        + " io.containerd.runc.v2, or the absolute path of a shim binary", runtime,
                runtimes.list().stream().map(RuntimeHandler::name).toList()));
        return new RuntimeSelection(configured.type(),
                clientOptions ? given : ConfiguredRuntimes.shimOptions(configured));
    }
}
