package io.berth.api.metadata;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The containers of each namespace, with containerd's rules. */
@ProviderType
public interface ContainerStore {
    /**
     * Creates a container, and its namespace when it does not exist yet. The store sets both times to now.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an id that is not a valid identifier, a
     *         missing runtime name or spec, a snapshot key without a snapshotter, or a label over the size
     *         limit; ALREADY_EXISTS when the namespace has a container of that id
     */
    Container create(String namespace, Container container);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such container */
    Container get(String namespace, String id);

    /** Every container of the namespace, ordered by id. */
    List<Container> list(String namespace);

    /**
     * Changes a container as containerd does. With no field paths, its labels, spec, image, snapshot key
     * (unchanged if given empty) and extensions become those given. Otherwise each path changes one part:
     * {@code labels}, {@code labels.<key>}, {@code spec}, {@code extensions}, {@code extensions.<name>},
     * {@code image}, {@code snapshotkey}; the runtime and snapshotter never change. The update time is now.
     *
     * @return the container as it is now
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such container,
     *         INVALID_ARGUMENT for any other field path, a changed runtime or snapshotter, or a result that
     *         {@link #create} would refuse
     */
    Container update(String namespace, Container container, List<String> fieldPaths);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such container */
    void delete(String namespace, String id);
}
