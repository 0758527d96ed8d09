/**
 * The registry client's contract, in the shape of containerd's remotes: a {@link io.berth.api.remotes.Resolver}
 * turns an image reference into the descriptor of its root manifest or index, a
 * {@link io.berth.api.remotes.Fetcher} streams manifests and blobs, verified against their descriptors, and a
 * {@link io.berth.api.remotes.Pusher} sends them to a repository.
 */
@Export
@Version("1.1.0")
package io.berth.api.remotes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
