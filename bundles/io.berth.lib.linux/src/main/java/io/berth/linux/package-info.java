/** Linux system calls that java.nio.file lacks, for the bundles that build filesystems, and a cheap process spawn. */
@Export
@Version("1.6.0")
package io.berth.linux;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
