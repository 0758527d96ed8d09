package io.berth.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.grpc.InternalStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;

class GrpcHeadersTest {
    private static Http2Headers timeout(String value) {
        return new DefaultHttp2Headers().set(GrpcHeaders.TIMEOUT, value);
    }

    @Test
    void aTimeoutIsDigitsAndAUnit() {
        assertEquals(TimeUnit.SECONDS.toNanos(1), GrpcHeaders.timeoutNanos(timeout("1S")));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), GrpcHeaders.timeoutNanos(timeout("250m")));
        assertEquals(TimeUnit.HOURS.toNanos(99_999_999), GrpcHeaders.timeoutNanos(timeout("99999999H")));
        assertEquals(TimeUnit.MINUTES.toNanos(2), GrpcHeaders.timeoutNanos(timeout("2M")));
        assertEquals(7_000, GrpcHeaders.timeoutNanos(timeout("7u")));
        assertEquals(5, GrpcHeaders.timeoutNanos(timeout("5n")));
        assertEquals(-1, GrpcHeaders.timeoutNanos(new DefaultHttp2Headers()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "S", "123456789S", "1x", "-1S", "1.5S", "1s"})
    void aMalformedTimeoutIsRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GrpcHeaders.timeoutNanos(timeout(value)));
        assertTrue(e.getMessage().contains("grpc-timeout"), e.getMessage());
    }

    @Test
    void metadataLeavesOutPseudoHeadersAndDecodesBinaryValues() {
        Http2Headers headers = new DefaultHttp2Headers().method("POST").path("/a.B/C").authority("localhost")
                .set("containerd-namespace", "k8s.io").set("trace-bin", "AQID");
        Metadata metadata = GrpcHeaders.metadata(headers);
        assertEquals("k8s.io", metadata.get(Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER)));
        assertArrayEquals(new byte[] {1, 2, 3}, metadata.get(Metadata.Key.of("trace-bin", Metadata.BINARY_BYTE_MARSHALLER)));
        assertEquals(2, metadata.keys().size(), metadata.toString());
    }

    @Test
    void trailersOnlyCarryTheStatusLineAndTheStatus() {
        Http2Headers alone = GrpcHeaders.trailers(Status.NOT_FOUND.withDescription("no such thing: 100%"),
                new Metadata(), false);
        assertEquals("200", alone.status().toString());
        assertEquals("application/grpc", alone.get("content-type").toString());
        assertEquals("5", alone.get("grpc-status").toString());
        assertEquals("no such thing: 100%25", alone.get("grpc-message").toString());

        Metadata own = new Metadata();
        own.put(InternalStatus.CODE_KEY, Status.OK);
        own.put(Metadata.Key.of("detail-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1, 2, 3});
        Http2Headers after = GrpcHeaders.trailers(Status.ABORTED, own, true);
        assertNull(after.status());
        assertEquals("10", after.get("grpc-status").toString(), "the call's status replaces one in its metadata");
        assertEquals(1, after.getAll("grpc-status").size());
        assertFalse(after.contains("grpc-message"));
        assertEquals("AQID", after.get("detail-bin").toString());
    }
}
