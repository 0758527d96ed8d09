package io.berth.ttrpc;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** The receiving end of a stream: the other side's messages, one at a time, in the order they were sent. */
public interface StreamReceiver<T extends Message> {

    /**
     * The next message, waiting for it if need be.
     *
     * @return null once the other side closed its end and every message before that was received
     * @throws StatusException why the stream ended without reaching that point
     */
    T receive() throws StatusException;
}
