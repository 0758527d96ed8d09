package io.berth.cli.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.cli.BlobKind;
import io.berth.proto.berth.services.images.v1.BlobProgress;
import io.berth.proto.berth.services.images.v1.BlobState;
import io.berth.proto.berth.services.images.v1.PulledImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRenderingTest {
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String ESC = "\u001b";
    private static final PulledImage IMAGE = PulledImage.newBuilder()
            .setName("127.0.0.1:5000/app:1").setTargetDigest("sha256:m").setTargetMediaType(MANIFEST).build();

    private static BlobProgress blob(String digest, String mediaType, long done, long total, BlobState state) {
        return BlobProgress.newBuilder().setDigest(digest).setMediaType(mediaType)
                .setDone(done).setTotal(total).setState(state).build();
    }

    @Test
    void plainOutputHasOneLinePerStateChangeAndEndsWithTheImage() {
        StringWriter text = new StringWriter();
        StateChangeLog log = new StateChangeLog(new PrintWriter(text));

        log.blob(blob("sha256:m", MANIFEST, 0, 500, BlobState.FETCHING), Duration.ZERO);
        log.blob(blob("sha256:m", MANIFEST, 500, 500, BlobState.FETCHED), Duration.ofMillis(10));
        log.blob(blob("sha256:l", LAYER, 0, 2048, BlobState.FETCHING), Duration.ofMillis(20));
        log.blob(blob("sha256:l", LAYER, 1024, 2048, BlobState.FETCHING), Duration.ofMillis(30));
        log.blob(blob("sha256:l", LAYER, 2048, 2048, BlobState.FETCHED), Duration.ofMillis(40));
        log.blob(blob("sha256:l", LAYER, 0, 2048, BlobState.UNPACKING), Duration.ofMillis(45));
        log.blob(blob("sha256:l", LAYER, 2048, 2048, BlobState.UNPACKED), Duration.ofMillis(50));
        log.done(IMAGE, Duration.ofMillis(60));

        assertEquals("""
                manifest-sha256:m: downloading 0.0 B/500.0 B
                manifest-sha256:m: done 500.0 B
                layer-sha256:l: downloading 0.0 B/2.0 KiB
                layer-sha256:l: done 2.0 KiB
                layer-sha256:l: unpacking 2.0 KiB
                layer-sha256:l: unpacked 2.0 KiB
                pulled 127.0.0.1:5000/app:1 sha256:m
                """, text.toString().replace(System.lineSeparator(), "\n"));
        assertTrue(!text.toString().contains(ESC), "no escapes outside a terminal");
    }

    @Test
    void frameShowsStateBarBytesSpeedAndTotal() {
        PullBoard board = new PullBoard();
        board.update(blob("sha256:m", MANIFEST, 500, 500, BlobState.EXISTS), Duration.ZERO);
        board.update(blob("sha256:l", LAYER, 0, 4096, BlobState.FETCHING), Duration.ofSeconds(1));
        board.update(blob("sha256:l", LAYER, 1024, 4096, BlobState.FETCHING), Duration.ofSeconds(2));

        List<String> frame = TerminalBoard.frame(board, Duration.ofSeconds(2));

        assertEquals(List.of(
                "manifest-sha256:m: exists       |" + "+".repeat(40) + "| 500.0 B",
                "layer-sha256:l:    downloading  |" + "+".repeat(10) + "-".repeat(30) + "| 1.0 KiB/4.0 KiB (1.0 KiB/s)",
                "elapsed: 2.0 s     total: 1.0 KiB (512.0 B/s)"), frame);
    }

    @Test
    void totalKeepsWhatWasDownloadedWhileLayersUnpack() {
        PullBoard board = new PullBoard();
        board.update(blob("sha256:l", LAYER, 2048, 2048, BlobState.FETCHED), Duration.ZERO);
        board.update(blob("sha256:e", LAYER, 0, 4096, BlobState.EXISTS), Duration.ZERO);

        board.update(blob("sha256:l", LAYER, 0, 2048, BlobState.UNPACKING), Duration.ofSeconds(1));
        board.update(blob("sha256:e", LAYER, 0, 4096, BlobState.UNPACKED), Duration.ofSeconds(1));

        assertEquals(2048, board.fetched(), "the layer's bytes stay counted, the existing one's never are");
    }

    @Test
    void terminalRedrawsTheBoardInPlace() {
        StringWriter text = new StringWriter();
        TerminalBoard terminal = new TerminalBoard(new PrintWriter(text));

        terminal.blob(blob("sha256:l", LAYER, 0, 100, BlobState.FETCHING), Duration.ZERO);
        String first = text.toString();
        terminal.blob(blob("sha256:l", LAYER, 100, 100, BlobState.FETCHED), Duration.ofMillis(1));
        String second = text.toString().substring(first.length());

        assertTrue(!first.contains(ESC + "["  + "2A"), "nothing to move over yet: " + first);
        assertTrue(second.startsWith(ESC + "[2A"), "moves up over the blob and the total: " + second);
        assertTrue(second.contains("layer-sha256:l: done"), second);
        assertTrue(second.contains(ESC + "[K"), "clears what the longer line left: " + second);
    }

    @Test
    void terminalRedrawsByteCountsAtMostEveryInterval() {
        StringWriter text = new StringWriter();
        TerminalBoard terminal = new TerminalBoard(new PrintWriter(text));
        terminal.blob(blob("sha256:l", LAYER, 0, 100, BlobState.FETCHING), Duration.ZERO);
        int drawn = text.toString().length();

        terminal.blob(blob("sha256:l", LAYER, 10, 100, BlobState.FETCHING), Duration.ofMillis(1));
        assertEquals(drawn, text.toString().length(), "too soon for bytes alone");

        terminal.blob(blob("sha256:l", LAYER, 20, 100, BlobState.FETCHING), TerminalBoard.REDRAW_EVERY);
        assertTrue(text.toString().length() > drawn, "redrawn once the interval passed");
        assertTrue(text.toString().contains("20.0 B/100.0 B"), text.toString());
    }

    @Test
    void terminalEndsWithTheImageAfterTheLastFrame() {
        StringWriter text = new StringWriter();
        TerminalBoard terminal = new TerminalBoard(new PrintWriter(text));
        terminal.blob(blob("sha256:m", MANIFEST, 500, 500, BlobState.FETCHED), Duration.ZERO);

        terminal.done(IMAGE, Duration.ofMillis(5));

        assertTrue(text.toString().replace(System.lineSeparator(), "\n")
                .endsWith("pulled 127.0.0.1:5000/app:1 sha256:m\n"), text.toString());
    }

    @Test
    void blobKindsFollowTheMediaType() {
        assertEquals("index", BlobKind.of("application/vnd.oci.image.index.v1+json"));
        assertEquals("index", BlobKind.of("application/vnd.docker.distribution.manifest.list.v2+json"));
        assertEquals("manifest", BlobKind.of("application/vnd.docker.distribution.manifest.v2+json"));
        assertEquals("config", BlobKind.of("application/vnd.oci.image.config.v1+json"));
        assertEquals("layer", BlobKind.of("application/vnd.oci.image.layer.v1.tar+zstd"));
    }
}
