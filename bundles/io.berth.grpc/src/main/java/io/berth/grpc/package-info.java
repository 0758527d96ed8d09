/** What gRPC services of Berth read from the request (its namespace), and how they tell the server which of their methods never block. */
@Export
@Version("1.2.0")
package io.berth.grpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
