/**
 * The conformance suite every {@link io.berth.api.snapshots.Snapshotter} runs, after containerd's snapshotter
 * test suite: extend {@link io.berth.snapshots.testsuite.SnapshotterConformance} in a test of your snapshotter.
 */
@Export
@Version("1.1.0")
package io.berth.snapshots.testsuite;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
