/** Generated from containerd/runtime/task/v2/shim.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.task.v2;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
