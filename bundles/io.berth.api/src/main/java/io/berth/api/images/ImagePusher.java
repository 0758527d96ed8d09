package io.berth.api.images;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.content.Descriptor;

/**
 * Pushes an image of a namespace to a registry as containerd's {@code Push} does: its index, manifests, configs and
 * layers are read from the namespace's content and sent children first, so that the registry never holds a
 * manifest whose blobs it lacks; the root goes last, under the remote reference's tag.
 */
@ProviderType
public interface ImagePusher {
    /**
     * @param image the name of the image record in the namespace
     * @param remote {@code [host[:port]/]repository[:tag]} to push to; the image's name when empty
     * @param progress told about each blob as the push goes on
     * @return the root pushed: the image's target, or the platform's manifest when a platform was asked for
     * @throws io.berth.api.errors.BerthException NOT_FOUND for an image or a blob the namespace lacks,
     *         INVALID_ARGUMENT for a malformed reference or manifest, and what the registry client throws
     */
    Descriptor push(String namespace, String image, String remote, PushOptions options, PushListener progress);
}
