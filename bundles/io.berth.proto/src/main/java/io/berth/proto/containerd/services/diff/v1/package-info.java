/** Generated from containerd/services/diff/v1/diff.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.diff.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
