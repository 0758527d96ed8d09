package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorLineTest {
    @Test
    void failedCallNamesWhatFailedTheCodeAndTheDescription() {
        CommandFailure failure = CommandFailure.of("list plugins",
                Status.NOT_FOUND.withDescription("namespace k8s.io: not found").asRuntimeException());
        assertEquals("berth: list plugins: NotFound: namespace k8s.io: not found", ErrorLine.of(failure));
    }

    @Test
    void statusWithoutDescriptionFallsBackToItsCause() {
        CommandFailure failure = CommandFailure.of("get server version",
                Status.UNKNOWN.withCause(new IOException("stream reset")).asRuntimeException());
        assertEquals("berth: get server version: Unknown: stream reset", ErrorLine.of(failure));
    }

    @Test
    void statusWithNothingToSaySaysSo() {
        CommandFailure failure = CommandFailure.of("list plugins", Status.INTERNAL.asRuntimeException());
        assertEquals("berth: list plugins: Internal: no description", ErrorLine.of(failure));
    }

    @Test
    void unexpectedFailureShowsItsMessage() {
        assertEquals("berth: disk full", ErrorLine.of(new IllegalStateException("disk full")));
        assertEquals("berth: java.lang.NullPointerException", ErrorLine.of(new NullPointerException()));
    }

    @Test
    void codesAreNamedAsGoAndCtrNameThem() {
        assertEquals("OK", GrpcCodes.name(0));
        assertEquals("Canceled", GrpcCodes.name(1));
        assertEquals("InvalidArgument", GrpcCodes.name(3));
        assertEquals("DeadlineExceeded", GrpcCodes.name(4));
        assertEquals("FailedPrecondition", GrpcCodes.name(9));
        assertEquals("Unavailable", GrpcCodes.name(14));
        assertEquals("Unauthenticated", GrpcCodes.name(16));
        assertEquals("Code(17)", GrpcCodes.name(17));
        assertEquals("Code(-1)", GrpcCodes.name(-1));
    }
}
