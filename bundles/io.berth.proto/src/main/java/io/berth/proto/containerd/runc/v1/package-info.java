/** Generated from containerd/runc/options/oci.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.runc.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
