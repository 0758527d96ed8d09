package io.berth.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class SpecJsonTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SpecJsonTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** The spec ctr 1.6 generated for {@code ctr containers create} of the small test image, as berthd stored it. */
    @Test
    void theSpecCtrGeneratesIsWrittenBackByteForByte() throws IOException {
        byte[] json = resource("ctr-create-spec.json");
        Spec spec = SpecJson.read(json);
        assertEquals(List.of("/bin/sh", "-c", "echo $GREETING from $PWD"), spec.process().args());
        assertEquals(new User(0, 0, null, List.of(0L)), spec.process().user());
        assertEquals(new DeviceRule(false, null, null, null, "rwm"), spec.linux().resources().devices().getFirst());
        assertEquals(text(json), text(SpecJson.write(spec)));
    }

    /** Every part of the model set, in Go's field order, with Go's escapes and unsigned numbers. */
    @Test
    void aSpecWithEveryPartIsWrittenBackByteForByte() throws IOException {
        byte[] json = resource("full-spec.json");
        Spec spec = SpecJson.read(json);
        assertEquals(-1L, spec.process().rlimits().getFirst().hard(), "2^64-1 is all 64 bits set");
        assertEquals(-1L, spec.linux().seccomp().syscalls().getLast().args().getFirst().value());
        assertEquals(List.of("PATH=/usr/bin", "A=<b>&c"), spec.process().env());
        assertEquals(text(json), text(SpecJson.write(spec)));
    }

    @Test
    void aFieldTheModelDoesNotKnowOrABadNumberIsRefused() {
        BerthException unknown = assertThrows(BerthException.class, () -> SpecJson.read(
                "{\"ociVersion\":\"1.2.0\",\"vm\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, unknown.kind());
        assertTrue(unknown.getMessage().contains("vm"), unknown.getMessage());
        String negativeLimit = "{\"ociVersion\":\"1\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"cwd\":\"/\","
                + "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":-1,\"soft\":1}]}}";
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(BerthException.class,
                () -> SpecJson.read(negativeLimit.getBytes(StandardCharsets.UTF_8))).kind());
        assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(BerthException.class,
                () -> SpecJson.read("[]".getBytes(StandardCharsets.UTF_8))).kind());
    }

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        Spec spec = new Spec("1.2.0", null, null, "a<b>&\u2028\u0001\n\u00e9", "", List.of(), null, null, null);
        assertEquals("{\"ociVersion\":\"1.2.0\",\"hostname\":\"a\\u003cb\\u003e\\u0026\\u2028\\u0001\\n\u00e9\"}",
                text(SpecJson.write(spec)));
    }
}
