/** Generated from containerd/types/task/task.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.v1.types;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
