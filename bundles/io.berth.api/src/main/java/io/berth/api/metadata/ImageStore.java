package io.berth.api.metadata;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The images of each namespace, with containerd's rules. */
@ProviderType
public interface ImageStore {
    /**
     * Creates an image, and its namespace when it does not exist yet, as containerd does on a namespace's
     * first write. The store sets both times to now.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an empty name, a target without a media
     *         type or a positive size, or a label over the size limit; ALREADY_EXISTS when the namespace has an
     *         image of that name
     */
    Image create(String namespace, Image image);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such image */
    Image get(String namespace, String name);

    /** Every image of the namespace, ordered by name. */
    List<Image> list(String namespace);

    /**
     * Changes an image. With no field paths, its labels and target become those given. Otherwise each path
     * changes one part: {@code labels} and {@code annotations} (the target's) replace them all,
     * {@code labels.<key>} and {@code annotations.<key>} set one or remove it when the value given is absent
     * or empty, {@code target} replaces the whole target. The creation time stays; the update time is now.
     *
     * @return the image as it is now
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such image,
     *         INVALID_ARGUMENT for an empty name, any other field path, or a result that
     *         {@link #create} would refuse
     */
    Image update(String namespace, Image image, List<String> fieldPaths);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such image */
    void delete(String namespace, String name);
}
