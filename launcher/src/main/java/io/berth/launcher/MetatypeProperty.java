package io.berth.launcher;

import java.util.List;

/**
 * One attribute definition ({@code AD}) of a metatype object class.
 *
 * @param id          the configuration property key ({@code max.recv.message.size})
 * @param type        the metatype type name ({@code String}, {@code Integer}, {@code Boolean}, ...)
 * @param defaults    the default values, or {@code null} when the AD has none
 * @param cardinality 0 for a single value, otherwise an array or list
 * @param description the AD's description, or {@code null}
 */
record MetatypeProperty(String id, String type, List<String> defaults, int cardinality, String description) {
}
