/** Namespaces, the isolation unit of images, containers and leases, and the rule for their names and ids. */
@Export
@Version("1.1.0")
package io.berth.api.namespaces;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
