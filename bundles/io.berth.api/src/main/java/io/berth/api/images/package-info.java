/**
 * Images pulled daemon-side: resolved in their registry, fetched into a namespace's content and unpacked into
 * snapshots, as containerd's client does for {@code ctr images pull}; and pushed from that content to a registry.
 */
@Export
@Version("1.1.0")
package io.berth.api.images;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
