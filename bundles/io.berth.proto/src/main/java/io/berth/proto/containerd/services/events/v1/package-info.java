/** Generated from containerd/services/events/v1/events.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.events.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
