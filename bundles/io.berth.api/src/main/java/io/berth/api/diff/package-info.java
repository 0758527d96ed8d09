/**
 * Layer apply and diff: OCI layer tar streams unpacked under a target root, and computed from two trees, the way
 * containerd's differ does.
 */
@Export
@Version("1.2.0")
package io.berth.api.diff;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
