package io.berth.cli.push;

import io.berth.cli.BlobKind;
import io.berth.cli.HumanUnits;
import io.berth.proto.berth.services.images.v1.PushBlobProgress;
import io.berth.proto.berth.services.images.v1.PushState;
import io.berth.proto.berth.services.images.v1.PushedImage;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * A push as it goes, one line each time a blob changes state, as {@code berth pull} prints outside a terminal;
 * on a terminal, a blob being sent also shows its bytes on one line redrawn in place.
 */
final class PushLog {
    private static final String CLEAR_LINE = "\r\u001b[K";

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, PushState> states = new HashMap<>();
    private boolean drawn;

    PushLog(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void blob(PushBlobProgress progress) {
        String name = BlobKind.of(progress.getMediaType()) + "-" + progress.getDigest();
        PushState before = states.put(progress.getDigest(), progress.getState());
        if (before == progress.getState()) {
            if (terminal && progress.getState() == PushState.PUSH_STATE_PUSHING) {
                out.print(CLEAR_LINE + name + ": " + word(progress.getState()) + " " + bytes(progress));
                out.flush();
                drawn = true;
            }
            return;
        }
        clear();
        String size = progress.getState() == PushState.PUSH_STATE_PUSHING
                ? bytes(progress) : HumanUnits.binarySize(progress.getTotal());
        out.println(name + ": " + word(progress.getState()) + " " + size);
        out.flush();
    }

    void done(PushedImage image) {
        clear();
        out.println("pushed " + image.getReference() + " " + image.getTargetDigest());
        out.flush();
    }

    private void clear() {
        if (drawn) {
            out.print(CLEAR_LINE);
            drawn = false;
        }
    }

    private static String bytes(PushBlobProgress progress) {
        return HumanUnits.binarySize(progress.getDone()) + "/" + HumanUnits.binarySize(progress.getTotal());
    }

    static String word(PushState state) {
        return switch (state) {
            case PUSH_STATE_PUSHING -> "pushing";
            case PUSH_STATE_EXISTS -> "exists";
            case PUSH_STATE_MOUNTED -> "mounted";
            case PUSH_STATE_PUSHED -> "done";
            case PUSH_STATE_UNSPECIFIED, UNRECOGNIZED -> "waiting";
        };
    }
}
