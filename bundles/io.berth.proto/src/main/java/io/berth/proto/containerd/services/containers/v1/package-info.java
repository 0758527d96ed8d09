/** Generated from containerd/services/containers/v1/containers.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.containers.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
