/** Generated from containerd/services/content/v1/content.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.content.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
