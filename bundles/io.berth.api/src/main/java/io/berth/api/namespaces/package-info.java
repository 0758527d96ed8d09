/** Namespaces: the isolation unit of images, containers and leases. */
@Export
@Version("1.0.0")
package io.berth.api.namespaces;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
