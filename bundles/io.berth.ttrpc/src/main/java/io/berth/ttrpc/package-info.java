/** containerd's ttrpc: unary and streaming calls over a Unix domain socket, as a client and as a server. */
@Export
@Version("1.1.0")
package io.berth.ttrpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
