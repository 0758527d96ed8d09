package io.berth.api.images;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.metadata.Image;

/**
 * Pulls an image into a namespace as containerd's {@code Pull} with unpacking does: resolve the reference, fetch
 * the platform's manifest, its config and layers into the namespace's content under a lease, unpack the layers
 * into committed snapshots named by their chain ids, record the image, and let the lease go.
 */
@ProviderType
public interface ImagePuller {
    /**
     * @param reference {@code [host[:port]/]repository[:tag][@digest]}
     * @param progress told about each blob and layer as the pull goes on, from any thread
     * @return the image record as stored
     * @throws io.berth.api.errors.BerthException what resolving and fetching throw (NOT_FOUND,
     *         PERMISSION_DENIED, UNAVAILABLE, DATA_LOSS for a blob of another digest), INVALID_ARGUMENT for an
     *         unknown snapshotter or a manifest that cannot be read, FAILED_PRECONDITION for a layer whose
     *         unpacked digest is not the config's
     */
    Image pull(String namespace, String reference, PullOptions options, PullListener progress);
}
