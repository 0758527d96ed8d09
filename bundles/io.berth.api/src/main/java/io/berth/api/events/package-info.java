/**
 * The daemon's event bus, as containerd's exchange: events carry a namespace, a topic such as
 * {@code /namespaces/create} and a serialized protobuf payload, and subscribers filter them.
 */
@Export
@Version("1.0.0")
package io.berth.api.events;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
