/**
 * The OCI runtime spec ({@code config.json}) as records that read and write the JSON containerd's clients make,
 * field for field and in the same order; containerd's default spec for a Linux container; and an image's config
 * (entrypoint, command, environment, working directory, user) applied to a spec as containerd applies it.
 */
@Export
@Version("1.0.0")
package io.berth.oci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
