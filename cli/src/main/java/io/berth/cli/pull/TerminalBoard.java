package io.berth.cli.pull;

import io.berth.cli.HumanUnits;
import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import io.berth.proto.berth.services.images.v1.PulledImage;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For a terminal, as ctr's progress: one line per blob with its state, a bar, bytes and speed, then the
 * elapsed time and the total, all redrawn in place with ANSI escapes. A change of bytes alone is redrawn at
 * most every {@link #REDRAW_EVERY}, so that a fast stream does not flood the terminal.
 */
final class TerminalBoard implements ProgressView {
    static final Duration REDRAW_EVERY = Duration.ofMillis(100);
    private static final int BAR_WIDTH = 40;
    private static final String CURSOR_UP = "\u001b[%dA";
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter out;
    private final PullBoard board = new PullBoard();
    private int drawnLines;
    private Duration drawnAt;

    TerminalBoard(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void blob(BlobProgress progress, Duration now) {
        boolean changed = board.update(progress, now);
        if (changed || drawnAt == null || now.minus(drawnAt).compareTo(REDRAW_EVERY) >= 0) {
            draw(now);
        }
    }

    @Override
    public void done(PulledImage image, Duration now) {
        draw(now);
        out.println(ProgressView.pulled(image));
        out.flush();
    }

    private void draw(Duration now) {
        List<String> lines = frame(board, now);
        StringBuilder text = new StringBuilder();
        if (drawnLines > 0) {
            text.append(CURSOR_UP.formatted(drawnLines));
        }
        for (String line : lines) {
            text.append('\r').append(line).append(CLEAR_TO_END).append('\n');
        }
        out.print(text);
        out.flush();
        drawnLines = lines.size();
        drawnAt = now;
    }

    /** The lines of one frame: the blobs, their names padded to one width, then the elapsed time and total. */
    static List<String> frame(PullBoard board, Duration now) {
        List<BlobLine> blobs = board.lines();
        int width = blobs.stream().mapToInt(line -> line.name().length() + 1).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (BlobLine blob : blobs) {
            lines.add(pad(blob.name() + ":", width) + " " + pad(blob.state(), 12) + " " + bar(blob.progress())
                    + detail(blob, now));
        }
        long fetched = board.fetched();
        long millis = now.toMillis();
        String speed = millis <= 0 ? "" : " (" + HumanUnits.binarySize(fetched * 1000 / millis) + "/s)";
        lines.add(pad("elapsed: " + seconds(now), width) + " total: " + HumanUnits.binarySize(fetched) + speed);
        return lines;
    }

    private static String detail(BlobLine blob, Duration now) {
        BlobProgress progress = blob.progress();
        if (progress.getState() == BlobState.FETCHING) {
            return " " + HumanUnits.binarySize(progress.getDone()) + "/" + HumanUnits.binarySize(progress.getTotal())
                    + " (" + HumanUnits.binarySize(blob.speed(now)) + "/s)";
        }
        return " " + HumanUnits.binarySize(progress.getTotal());
    }

    /** A bar of {@value #BAR_WIDTH} cells filled with {@code +} in proportion to the bytes done. */
    static String bar(BlobProgress progress) {
        int filled;
        if (progress.getState() != BlobState.FETCHING) {
            filled = BAR_WIDTH;
        } else if (progress.getTotal() <= 0) {
            filled = 0;
        } else {
            filled = (int) Math.min(BAR_WIDTH, progress.getDone() * BAR_WIDTH / progress.getTotal());
        }
        return "|" + "+".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "|";
    }

    private static String seconds(Duration elapsed) {
        return BigDecimal.valueOf(elapsed.toMillis(), 3).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " s";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
