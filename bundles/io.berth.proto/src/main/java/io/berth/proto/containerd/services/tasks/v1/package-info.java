/** Generated from containerd/services/tasks/v1/tasks.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.tasks.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
