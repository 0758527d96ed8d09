/** Generated from containerd/services/namespaces/v1/namespace.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.namespaces.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
