/**
 * containerd's filter language, as every List request takes it: {@code name==foo,labels."a.b"}.
 * {@link io.berth.filters.Filters} parses, an {@link io.berth.filters.Adaptor} exposes an object's fields.
 */
@Export
@Version("1.0.0")
package io.berth.filters;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
