/** Generated from grpc/health/v1/health.proto. */
@Export
@Version("1.0.0")
package io.berth.proto.grpc.health.v1;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
