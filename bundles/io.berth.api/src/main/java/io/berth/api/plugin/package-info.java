/** Plugin metadata: the service properties that mirror containerd's plugin registry. */
@Export
@Version("1.3.0")
package io.berth.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
