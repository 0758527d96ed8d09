/** What the daemon is and where it keeps its files. */
@Export
@Version("1.0.0")
package io.berth.api.daemon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
