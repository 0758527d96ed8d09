package io.berth.services;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Instants as protobuf's timestamps. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
