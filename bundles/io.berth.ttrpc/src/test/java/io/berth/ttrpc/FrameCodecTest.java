package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpc.Status;

class FrameCodecTest {

    @TempDir
    Path dir;

    @Test
    void framesOfEveryTypeRoundTrip() throws IOException {
        Frame request = new Frame(1, MessageType.REQUEST, 0, new byte[] {1, 2, 3});
        Frame response = new Frame(1, MessageType.RESPONSE, 0, new byte[0]);
        Frame data = new Frame(3, MessageType.DATA, Frame.REMOTE_CLOSED | Frame.NO_DATA, new byte[0]);
        Frame open = new Frame(5, MessageType.REQUEST, Frame.REMOTE_OPEN, new byte[] {9});
        Frame highId = new Frame(0xffff_ffff, MessageType.DATA, 0xff, new byte[] {7});

        FrameReader reader = reader(written(request, response, data, open, highId));

        for (Frame sent : new Frame[] {request, response, data, open, highId}) {
            assertSameFrame(sent, reader.read());
        }
        assertNull(reader.read(), "the end of the connection between frames is a clean end");
    }

    @Test
    void theHeaderIsTenBytesBigEndian() throws IOException {
        byte[] bytes = written(new Frame(0x01020304, MessageType.DATA, Frame.REMOTE_CLOSED, new byte[] {42}));
        assertArrayEquals(new byte[] {0, 0, 0, 1, 1, 2, 3, 4, 3, 1, 42}, bytes);
    }

    @Test
    void aPayloadOfTheMaximumSizeRoundTrips() throws IOException {
        byte[] payload = new byte[Frame.MAX_PAYLOAD];
        Arrays.fill(payload, (byte) 0x5a);
        Frame read = reader(written(new Frame(7, MessageType.RESPONSE, 0, payload))).read();
        assertArrayEquals(payload, read.payload());
    }

    @Test
    void theWriterRefusesAPayloadOverTheMaximum() throws IOException {
        try (FileChannel out = FileChannel.open(dir.resolve("frames"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FrameWriter writer = new FrameWriter(out);
            assertThrows(IllegalArgumentException.class, () -> writer.write(
                    new Frame(1, MessageType.REQUEST, 0, new byte[Frame.MAX_PAYLOAD + 1])));
            assertEquals(0, out.size(), "nothing of the refused frame was written");
        }
    }

    @Test
    void aShortHeaderIsAnEndOfFileError() {
        FrameReader reader = reader(new byte[] {0, 0, 0, 1, 0});
        EOFException e = assertThrows(EOFException.class, reader::read);
        assertEquals("connection closed after 5 of 10 bytes of a frame", e.getMessage());
    }

    @Test
    void aShortPayloadIsAnEndOfFileError() {
        FrameReader reader = reader(header(4, 1, 1, 0), new byte[] {1, 2});
        assertThrows(EOFException.class, reader::read);
    }

    @Test
    void anOversizedFrameIsSkippedAndRejectedAndTheNextFrameReads() throws IOException {
        int length = Frame.MAX_PAYLOAD + 1;
        Frame next = new Frame(5, MessageType.REQUEST, 0, new byte[] {8});
        FrameReader reader = reader(header(length, 3, 1, 0), new byte[length], written(next));

        RejectedFrameException e = assertThrows(RejectedFrameException.class, reader::read);
        assertEquals(3, e.streamId());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.status().getCode());
        assertSameFrame(next, reader.read());
    }

    @Test
    void aLengthNearFourGibibytesIsReadAsUnsigned() {
        FrameReader reader = reader(header(0xffff_fff0, 3, 1, 0), new byte[100]);
        assertThrows(EOFException.class, reader::read, "skipping the frame runs into the end of the input");
    }

    @Test
    void aFrameOfUnknownTypeIsRejectedAndTheNextFrameReads() throws IOException {
        Frame next = new Frame(9, MessageType.RESPONSE, 0, new byte[] {1});
        FrameReader reader = reader(header(3, 7, 0x42, 0), new byte[] {1, 2, 3}, written(next));

        RejectedFrameException e = assertThrows(RejectedFrameException.class, reader::read);
        assertEquals(7, e.streamId());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.status().getCode());
        assertEquals("unknown message type 0x42", e.status().getDescription());
        assertSameFrame(next, reader.read());
    }

    @Test
    void flagsMustFitInOneByte() {
        assertThrows(IllegalArgumentException.class, () -> new Frame(1, MessageType.DATA, 0x100, new byte[0]));
    }

    private byte[] written(Frame... frames) throws IOException {
        Path file = Files.createTempFile(dir, "frames", "");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FrameWriter writer = new FrameWriter(out);
            for (Frame frame : frames) {
                writer.write(frame);
            }
        }
        return Files.readAllBytes(file);
    }

    private static byte[] header(int length, int streamId, int type, int flags) {
        return ByteBuffer.allocate(Frame.HEADER_LENGTH)
                .putInt(length).putInt(streamId).put((byte) type).put((byte) flags).array();
    }

    private static FrameReader reader(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (byte[] part : parts) {
            all.put(part);
        }
        return new FrameReader(Channels.newChannel(new ByteArrayInputStream(all.array())));
    }

    private static void assertSameFrame(Frame expected, Frame actual) {
        assertEquals(expected.streamId(), actual.streamId());
        assertEquals(expected.type(), actual.type());
        assertEquals(expected.flags(), actual.flags());
        assertArrayEquals(expected.payload(), actual.payload());
    }
}
