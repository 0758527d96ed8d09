/** Generated from containerd/services/introspection/v1/introspection.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.containerd.services.introspection.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
