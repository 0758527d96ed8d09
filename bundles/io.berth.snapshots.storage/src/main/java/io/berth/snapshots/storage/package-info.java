/** The shared part of snapshotters that keep one directory tree per snapshot, named by its record's id. */
@Export
@Version("1.0.0")
package io.berth.snapshots.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
