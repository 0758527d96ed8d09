package io.berth.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;

/** Prints messages in protobuf's canonical JSON mapping, with every field present so scripts need no defaults. */
public final class JsonOutput {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private JsonOutput() {
    }

    public static String toJson(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new CommandFailure("print JSON: " + e.getMessage(), e);
        }
    }

    public static void print(PrintWriter out, MessageOrBuilder message) {
        out.println(toJson(message));
        out.flush();
    }
}
