/** Layer apply: OCI layer tar streams unpacked under a target root, the way containerd's differ applies them. */
@Export
@Version("1.1.0")
package io.berth.api.diff;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
