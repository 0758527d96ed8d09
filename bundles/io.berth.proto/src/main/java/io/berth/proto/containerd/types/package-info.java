/** Generated from containerd/types/platform.proto containerd/types/event.proto containerd/types/fieldpath.proto containerd/types/sandbox.proto containerd/types/metrics.proto containerd/types/mount.proto containerd/types/introspection.proto containerd/types/descriptor.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.types;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
