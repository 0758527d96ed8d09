package io.berth.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.content.local.LocalContentStore;
import io.berth.gc.Collector;
import io.berth.metadata.sqlite.SqliteDatabase;

class GcCommandTest {
    @TempDir
    Path dir;

    @Test
    void collectsNowAndSaysWhatWentAway() throws IOException {
        try (SqliteDatabase metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5))) {
            LocalContentStore content = new LocalContentStore(dir.resolve("content"));
            byte[] data = {42};
            Digest digest = Digest.compute(DigestAlgorithm.SHA256, data);
            try (ContentWriter writer = content.writer("loose", 1, digest)) {
                writer.write(ByteBuffer.wrap(data));
                writer.commit(1, digest);
            }
            String said = new GcCommand(new Collector(metadata, content, Duration.ofDays(1))).gc();
            assertTrue(said.startsWith("removed 1 blobs, 0 content references, 0 ingests and 0 expired leases in "),
                    said);
            boolean[] left = {false};
            content.walk(info -> true, info -> left[0] = true);
            assertFalse(left[0]);
        }
    }
}
