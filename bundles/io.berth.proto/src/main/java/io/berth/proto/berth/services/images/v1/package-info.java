/** Generated from berth/services/images/v1/pull.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.berth.services.images.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
