package io.berth.services;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Instants as protobuf's timestamps, and back. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
