/** Generated from containerd/runtimeoptions/v1/api.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.runtimeoptions.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
