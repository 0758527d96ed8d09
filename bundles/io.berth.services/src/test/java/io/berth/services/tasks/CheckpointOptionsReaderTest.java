package io.berth.services.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.CheckpointOptions;

class CheckpointOptionsReaderTest {
    private static TypedValue options(CheckpointOptions options) {
        return new TypedValue(CheckpointOptionsReader.TYPE_URL, options.toByteArray());
    }

    @Test
    void noOptionsOrNoImagePathMeansTheServiceChoosesTheDirectory() {
        assertEquals(Optional.empty(), CheckpointOptionsReader.imagePath(null));
        assertEquals(Optional.empty(), CheckpointOptionsReader.imagePath(
                options(CheckpointOptions.newBuilder().setExit(true).setWorkPath("/tmp/w").build())));
    }

    @Test
    void theImagePathIsReadWithOrWithoutATypeUrlPrefix() {
        CheckpointOptions given = CheckpointOptions.newBuilder().setImagePath("/var/tmp/cp").build();
        assertEquals(Optional.of(Path.of("/var/tmp/cp")), CheckpointOptionsReader.imagePath(options(given)));
        assertEquals(Optional.of(Path.of("/var/tmp/cp")), CheckpointOptionsReader.imagePath(new TypedValue(
                "type.googleapis.com/" + CheckpointOptionsReader.TYPE_URL, given.toByteArray())));
    }

    @Test
    void otherOptionsBrokenOptionsAndRelativePathsAreInvalid() {
        for (TypedValue bad : new TypedValue[] {
            new TypedValue("containerd.runc.v1.Options", new byte[0]),
            new TypedValue(CheckpointOptionsReader.TYPE_URL, new byte[] {(byte) 0x42, 5, 1}),
            options(CheckpointOptions.newBuilder().setImagePath("relative/cp").build()),
            options(CheckpointOptions.newBuilder().setImagePath("/a\0b").build()),
        }) {
            BerthException e = assertThrows(BerthException.class, () -> CheckpointOptionsReader.imagePath(bad));
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), e.getMessage());
        }
    }
}
