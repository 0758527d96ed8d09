package io.berth.launcher;

/** What tells a changed bundle jar from the one installed: its size and modification time. */
record FileStamp(long size, long lastModified) {
}
