package io.berth.runtime.shim;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.berth.api.errors.BerthException;

/**
 * Where a shim serves its task API. {@code start} prints it: older shims (containerd 1.x) as a bare
 * {@code unix:///path} address, newer ones as containerd 2.x's bootstrap parameters,
 * {@code {"version":2,"address":"unix:///path","protocol":"ttrpc"}}.
 *
 * @param address the address as the shim printed it, {@code unix:///path}
 * @param socket the Unix socket it names
 * @param version the shim task API version (2 for a bare address)
 */
record ShimAddress(String address, Path socket, int version) {
    private static final String UNIX = "unix://";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads what {@code start} printed.
     *
     * @throws BerthException FAILED_PRECONDITION for output that is no address, a protocol other than ttrpc or
     *         an address that is not a Unix socket
     */
    static ShimAddress parse(String output) {
        String text = output == null ? "" : output.strip();
        if (text.startsWith("{")) {
            JsonNode params;
            try {
                params = JSON.readTree(text);
            } catch (java.io.IOException e) {
                throw BerthException.failedPrecondition("shim printed malformed bootstrap parameters: %s", text);
            }
            String protocol = params.path("protocol").asText("ttrpc");
            if (!protocol.equals("ttrpc")) {
                throw BerthException.failedPrecondition("shim serves protocol %s; only ttrpc is supported", protocol);
            }
            return unix(params.path("address").asText(""), params.path("version").asInt(2));
        }
        return unix(text, 2);
    }

    private static ShimAddress unix(String address, int version) {
        if (!address.startsWith(UNIX) || address.length() == UNIX.length() || address.indexOf('\n') >= 0) {
            throw BerthException.failedPrecondition("shim printed %s, not a unix:// address",
                    address.isEmpty() ? "no address" : "\"" + address + "\"");
        }
        Path socket = Path.of(address.substring(UNIX.length()));
        if (!socket.isAbsolute()) {
            throw BerthException.failedPrecondition("shim address %s is not an absolute socket path", address);
        }
        return new ShimAddress(address, socket, version);
    }
}
