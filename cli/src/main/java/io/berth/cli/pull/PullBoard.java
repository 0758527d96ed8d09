package io.berth.cli.pull;

import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every blob of a pull in the order the daemon first named it, with its latest progress. */
final class PullBoard {
    private final Map<String, BlobLine> blobs = new LinkedHashMap<>();

    /**
     * Records one progress message received at {@code now} since the pull began.
     *
     * @return true when the blob is new or its state changed, false when only its byte count moved
     */
    boolean update(BlobProgress progress, Duration now) {
        BlobLine before = blobs.get(progress.getDigest());
        Duration started = before == null ? null : before.started();
        long fetched = before == null ? 0 : before.fetched();
        if (started == null && progress.getState() == BlobState.FETCHING) {
            started = now;
        }
        if (progress.getState() == BlobState.FETCHING || progress.getState() == BlobState.FETCHED) {
            fetched = progress.getDone();
        }
        blobs.put(progress.getDigest(), new BlobLine(progress, started, fetched));
        return before == null || before.progress().getState() != progress.getState();
    }

    List<BlobLine> lines() {
        return new ArrayList<>(blobs.values());
    }

    /** Bytes downloaded so far over all blobs: those the namespace had already do not count. */
    long fetched() {
        return blobs.values().stream().mapToLong(BlobLine::fetched).sum();
    }
}
