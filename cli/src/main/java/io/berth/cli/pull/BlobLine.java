package io.berth.cli.pull;

import io.berth.cli.BlobKind;
import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import java.time.Duration;

/**
 * What is known of one blob of a pull: its latest progress, when it started fetching (for its speed) and how
 * many of its bytes were downloaded (unpacking reports no bytes, yet they were fetched).
 *
 * @param started time since the pull began at which the blob began fetching; null while it has not
 * @param fetched bytes downloaded so far; 0 for a blob the namespace had already
 */
record BlobLine(BlobProgress progress, Duration started, long fetched) {
    /** The name ctr gives the blob: its kind and digest, e.g. {@code layer-sha256:ab12..}. */
    String name() {
        return BlobKind.of(progress.getMediaType()) + "-" + progress.getDigest();
    }

    /** The state as a word, e.g. "downloading". */
    String state() {
        return word(progress.getState());
    }

    static String word(BlobState state) {
        return switch (state) {
            case FETCHING -> "downloading";
            case EXISTS -> "exists";
            case FETCHED -> "done";
            case UNPACKING -> "unpacking";
            case UNPACKED -> "unpacked";
            case BLOB_STATE_UNSPECIFIED, UNRECOGNIZED -> "waiting";
        };
    }

    /** Bytes per second since the blob started fetching, 0 before it did. */
    long speed(Duration now) {
        if (started == null) {
            return 0;
        }
        long millis = now.minus(started).toMillis();
        return millis <= 0 ? 0 : progress.getDone() * 1000 / millis;
    }
}
