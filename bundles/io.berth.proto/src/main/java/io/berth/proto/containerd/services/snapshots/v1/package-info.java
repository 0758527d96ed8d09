/** Generated from containerd/services/snapshots/v1/snapshots.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.snapshots.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
