/** Garbage collection: removing what no image, container, lease or root label keeps alive. */
@Export
@Version("1.1.0")
package io.berth.api.gc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
