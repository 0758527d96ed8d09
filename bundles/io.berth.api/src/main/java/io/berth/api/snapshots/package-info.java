/**
 * Snapshotters: containerd's contract for the filesystems containers run on, as chains of committed layers with
 * active (writable) and view (read-only) snapshots on top.
 */
@Export
@Version("1.4.0")
package io.berth.api.snapshots;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
