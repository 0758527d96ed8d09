/** Generated from containerd/events/content.proto containerd/events/snapshot.proto containerd/events/sandbox.proto containerd/events/container.proto containerd/events/namespace.proto containerd/events/task.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
