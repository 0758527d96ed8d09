package io.berth.cli.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.proto.berth.services.images.v1.PushBlobProgress;
import io.berth.proto.berth.services.images.v1.PushState;
import io.berth.proto.berth.services.images.v1.PushedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PushLogTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final PushedImage IMAGE = PushedImage.newBuilder().setReference("127.0.0.1:5000/copy:1")
            .setTargetDigest("sha256:m").setTargetMediaType(MANIFEST).build();

    private static PushBlobProgress blob(String digest, String mediaType, long done, long total, PushState state) {
        return PushBlobProgress.newBuilder().setDigest(digest).setMediaType(mediaType).setDone(done).setTotal(total)
                .setState(state).build();
    }

    @Test
    void plainOutputHasOneLinePerStateChangeAndEndsWithTheReference() {
        StringWriter text = new StringWriter();
        PushLog log = new PushLog(new PrintWriter(text), false);

        log.blob(blob("sha256:a", LAYER, 1024, 1024, PushState.PUSH_STATE_MOUNTED));
        log.blob(blob("sha256:b", LAYER, 0, 2048, PushState.PUSH_STATE_PUSHING));
        log.blob(blob("sha256:b", LAYER, 1024, 2048, PushState.PUSH_STATE_PUSHING));
        log.blob(blob("sha256:b", LAYER, 2048, 2048, PushState.PUSH_STATE_PUSHED));
        log.blob(blob("sha256:m", MANIFEST, 500, 500, PushState.PUSH_STATE_EXISTS));
        log.done(IMAGE);

        assertEquals("""
                layer-sha256:a: mounted 1.0 KiB
                layer-sha256:b: pushing 0.0 B/2.0 KiB
                layer-sha256:b: done 2.0 KiB
                manifest-sha256:m: exists 500.0 B
                pushed 127.0.0.1:5000/copy:1 sha256:m
                """, text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void terminalRedrawsTheBytesOfABlobBeingSentInPlace() {
        StringWriter text = new StringWriter();
        PushLog log = new PushLog(new PrintWriter(text), true);

        log.blob(blob("sha256:b", LAYER, 0, 2048, PushState.PUSH_STATE_PUSHING));
        log.blob(blob("sha256:b", LAYER, 1024, 2048, PushState.PUSH_STATE_PUSHING));
        log.blob(blob("sha256:b", LAYER, 2048, 2048, PushState.PUSH_STATE_PUSHED));

        String out = text.toString();
        assertTrue(out.contains("\r\u001b[Klayer-sha256:b: pushing 1.0 KiB/2.0 KiB"), out);
        assertTrue(out.endsWith("\r\u001b[Klayer-sha256:b: done 2.0 KiB" + System.lineSeparator()), out);
    }
}
