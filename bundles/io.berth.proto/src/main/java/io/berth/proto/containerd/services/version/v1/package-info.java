/** Generated from containerd/services/version/v1/version.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.version.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
