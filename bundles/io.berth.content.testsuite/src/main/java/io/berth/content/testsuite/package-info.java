/**
 * The conformance suite of {@link io.berth.api.content.ContentStore}: a store passes when a test class
 * extending {@link io.berth.content.testsuite.ContentStoreConformance} passes.
 */
@Export
@Version("1.0.0")
package io.berth.content.testsuite;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
