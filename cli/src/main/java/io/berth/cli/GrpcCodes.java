package io.berth.cli;

import io.grpc.Status;
import java.util.Locale;

/** Names of gRPC status codes as Go's grpc prints them ("NotFound"), which is what ctr shows. */
public final class GrpcCodes {
    private GrpcCodes() {
    }

    public static String name(int code) {
        Status.Code[] codes = Status.Code.values();
        if (code < 0 || code >= codes.length || codes[code].value() != code) {
            return "Code(" + code + ")";
        }
        return switch (codes[code]) {
            case OK -> "OK";
            case CANCELLED -> "Canceled";
            default -> camelCase(codes[code].name());
        };
    }

    private static String camelCase(String upperSnake) {
        StringBuilder name = new StringBuilder();
        for (String word : upperSnake.split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
