package io.berth.api.remotes;

import io.berth.api.errors.BerthException;

/** Finds what an image reference points at in its registry (containerd's {@code remotes.Resolver}). */
public interface Resolver {

    /**
     * Asks the registry (or its mirrors) for the manifest or index that {@code reference} names.
     *
     * @param reference {@code [host[:port]/]repository[:tag][@digest]}; short Docker Hub names are expanded
     * @throws BerthException INVALID_ARGUMENT for a malformed reference, NOT_FOUND when no host has it,
     *         PERMISSION_DENIED when authentication fails, UNAVAILABLE when no host answers
     */
    Resolved resolve(String reference, ResolveOptions options);
}
