/** containerd's ttrpc: unary calls over a Unix domain socket, as a client and as a server. */
@Export
@Version("1.0.0")
package io.berth.ttrpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
