/** What gRPC services of Berth read from the request: its namespace. */
@Export
@Version("1.1.0")
package io.berth.grpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
