package io.berth.api.snapshots;

/**
 * The disk a snapshot uses on its own, not counting its parents.
 *
 * @param size bytes
 * @param inodes files, directories and other inodes
 */
public record Usage(long size, long inodes) {
}
