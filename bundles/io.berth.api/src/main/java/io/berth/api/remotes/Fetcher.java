package io.berth.api.remotes;

import java.io.InputStream;

import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;

/** Streams manifests and blobs of a resolved image (containerd's {@code remotes.Fetcher}). */
public interface Fetcher {

    /**
     * The content of {@code descriptor}, checked while it is read: the stream fails with a
     * {@link BerthException} of kind DATA_LOSS when the registry sends more or fewer bytes than the
     * descriptor's size, or bytes of another digest.
     */
    default InputStream fetch(Resolved resolved, Descriptor descriptor) {
        return fetch(resolved, descriptor, 0);
    }

    /**
     * The content of {@code descriptor} from byte {@code offset} on, to resume an interrupted download. The
     * length is always checked; the digest is checked when the stream covers the whole blob (offset 0, or a
     * registry that ignored the range): from a later offset only the holder of the first bytes can check it.
     *
     * @throws BerthException OUT_OF_RANGE when {@code offset} is negative or beyond the descriptor's size
     */
    InputStream fetch(Resolved resolved, Descriptor descriptor, long offset);

    /**
     * The image manifest for {@code platform}: the root itself when it is a manifest, else the best match of
     * the root index (see {@link Platform#rank(Platform)}).
     *
     * @throws BerthException NOT_FOUND when the index has no manifest for the platform
     */
    Descriptor manifest(Resolved resolved, Platform platform);
}
