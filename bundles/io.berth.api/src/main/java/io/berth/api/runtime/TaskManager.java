package io.berth.api.runtime;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * containerd's task runtime ({@code io.containerd.runtime.v2} / {@code task}): creates each task through a
 * runtime shim and keeps track of the tasks of every namespace, across daemon restarts.
 */
@ProviderType
public interface TaskManager {
    /** containerd's plugin type of task runtimes. */
    String PLUGIN_TYPE = "io.containerd.runtime.v2";
    /** The plugin id of the shim v2 manager. */
    String PLUGIN_ID = "task";

    /**
     * Creates a task: its bundle, its shim, its (not yet started) process.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an invalid id or runtime name, NOT_FOUND
     *         when no runtime is configured under the name or the runtime's shim binary is missing, ALREADY_EXISTS
     *         when the namespace has a task of that id, or what the shim refused; nothing is left behind on failure
     */
    Task create(String namespace, String id, CreateTaskOptions options);

    /** The namespace's task of that id, if it has one. */
    Optional<Task> find(String namespace, String id);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no task of that id */
    default Task get(String namespace, String id) {
        return find(namespace, id).orElseThrow(() -> io.berth.api.errors.BerthException.notFound(
                "task %s not found", id));
    }

    /** Every task of the namespace, ordered by id. */
    List<Task> list(String namespace);
}
