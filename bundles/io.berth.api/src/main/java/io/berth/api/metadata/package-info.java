/**
 * The metadata store: namespaced records of images, containers, leases and the content and
 * snapshots each namespace references, changed only in all-or-nothing transactions.
 */
@Export
@Version("1.9.0")
package io.berth.api.metadata;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
