package io.berth.ttrpc;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** The sending end of a stream. */
public interface StreamSender {

    /**
     * Sends one message to the other side.
     *
     * @throws StatusException the message was not sent: the stream has ended, the message is too large, or the
     *                         connection failed
     */
    void send(Message message) throws StatusException;
}
