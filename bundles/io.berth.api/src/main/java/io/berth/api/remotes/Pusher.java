package io.berth.api.remotes;

import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;

/** Sends manifests and blobs to a registry (containerd's {@code remotes.Pusher}). */
@ProviderType
public interface Pusher {

    /** What became of one pushed descriptor. */
    enum Outcome {
        /** The bytes were sent. */
        PUSHED,
        /** The repository had it already: nothing was sent. */
        EXISTS,
        /** The registry linked it from another of its repositories: nothing was sent. */
        MOUNTED
    }

    /**
     * Pushes one blob, manifest or index to {@code target}'s repository on the first host that may serve pushes.
     * A blob the repository has already is not sent; a blob whose {@link UploadOptions#mountFrom() sources} include
     * another repository of the same registry is mounted from there when the registry allows it. A manifest or
     * index goes under its digest, or under the target's tag when {@link UploadOptions#byTag()} is set.
     *
     * @param content opens the descriptor's bytes; may be called more than once (after an authentication challenge)
     * @param sent told the count of bytes sent so far, while they are sent
     * @throws BerthException PERMISSION_DENIED when the registry refuses the credentials, FAILED_PRECONDITION when
     *         no host may serve pushes or the registry refuses the content, UNAVAILABLE when no host answers
     */
    Outcome push(Reference target, Descriptor descriptor, Supplier<InputStream> content, UploadOptions options,
            LongConsumer sent);
}
