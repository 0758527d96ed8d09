/**
 * Tasks: the running processes of containers, started through runtime shims as containerd's
 * {@code io.containerd.runtime.v2} plugin does. Plain Java values; the services translate at the edge.
 */
@Export
@Version("1.2.0")
package io.berth.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
