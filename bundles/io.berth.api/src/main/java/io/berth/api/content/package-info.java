/**
 * The content store: blobs addressed by their digest, written through resumable ingests keyed by a ref,
 * in the shape of containerd's {@code content.Store} so that the {@code content.v1} service maps onto it 1:1.
 */
@Export
@Version("2.0.0")
package io.berth.api.content;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
