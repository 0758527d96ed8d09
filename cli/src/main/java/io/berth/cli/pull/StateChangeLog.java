package io.berth.cli.pull;

import io.berth.cli.HumanUnits;
import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import io.berth.proto.berth.services.images.v1.PulledImage;
import java.io.PrintWriter;
import java.time.Duration;

/** For output that is no terminal (a log, a pipe): one line each time a blob changes state. */
final class StateChangeLog implements ProgressView {
    private final PrintWriter out;
    private final PullBoard board = new PullBoard();

    StateChangeLog(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void blob(BlobProgress progress, Duration now) {
        if (board.update(progress, now)) {
            BlobLine line = new BlobLine(progress, null, 0);
            // Only a download has a byte count of its own; unpacking reports none.
            String size = progress.getState() == BlobState.FETCHING
                    ? HumanUnits.binarySize(progress.getDone()) + "/" + HumanUnits.binarySize(progress.getTotal())
                    : HumanUnits.binarySize(progress.getTotal());
            out.println(line.name() + ": " + line.state() + " " + size);
            out.flush();
        }
    }

    @Override
    public void done(PulledImage image, Duration now) {
        out.println(ProgressView.pulled(image));
        out.flush();
    }
}
