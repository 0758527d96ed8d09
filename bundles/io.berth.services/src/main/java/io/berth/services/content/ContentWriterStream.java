package io.berth.services.content;

import java.io.OutputStream;

import io.berth.api.content.ContentWriter;

/** An ingest as a stream, for a layer written straight into the content store; closing leaves the ingest open. */
final class ContentWriterStream extends OutputStream {
    private final ContentWriter writer;

    ContentWriterStream(ContentWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        writer.write(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        writer.write(data, offset, length);
    }
}
