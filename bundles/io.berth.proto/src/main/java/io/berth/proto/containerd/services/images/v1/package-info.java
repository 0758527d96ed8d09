/** Generated from containerd/services/images/v1/images.proto containerd/events/image.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.images.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
