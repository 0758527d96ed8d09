package io.berth.cli.pull;

import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.PulledImage;
import java.time.Duration;

/** Shows a pull as it goes: told each message with the time since the pull began. */
interface ProgressView {
    void blob(BlobProgress progress, Duration now);

    /** The pull is done: the last thing shown. */
    void done(PulledImage image, Duration now);

    /** The line that ends every pull's output. */
    static String pulled(PulledImage image) {
        return "pulled " + image.getName() + " " + image.getTargetDigest();
    }
}
