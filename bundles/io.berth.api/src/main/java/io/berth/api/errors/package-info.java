/** Errors with a kind, in the manner of containerd's errdefs. */
@Export
@Version("1.2.0")
package io.berth.api.errors;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
