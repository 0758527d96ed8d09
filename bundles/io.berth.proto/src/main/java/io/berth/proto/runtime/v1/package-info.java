/** Generated from runtime/v1/api.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.runtime.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
