/** Generated from containerd/services/leases/v1/leases.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.leases.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
