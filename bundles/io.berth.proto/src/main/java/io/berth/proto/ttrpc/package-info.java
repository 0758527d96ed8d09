/** Generated from ttrpc/request.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.ttrpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
