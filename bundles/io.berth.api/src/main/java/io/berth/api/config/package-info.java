/** Values of containerd's configuration file in the forms containerd writes them. */
@Export
@Version("1.0.0")
package io.berth.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
