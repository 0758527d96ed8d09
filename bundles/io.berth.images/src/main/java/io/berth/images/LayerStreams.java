package io.berth.images;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;

/** The {@link LayerStream} of each layer of a pull, made before its downloads start so that none is missed. */
final class LayerStreams {
    private final Map<Digest, LayerStream> streams;

    private LayerStreams(Map<Digest, LayerStream> streams) {
        this.streams = streams;
    }

    /** Streams that the unpacking of {@code layers} may follow. */
    static LayerStreams following(List<Descriptor> layers) {
        Map<Digest, LayerStream> streams = new HashMap<>();
        layers.forEach(layer -> streams.putIfAbsent(layer.digest(), new LayerStream()));
        return new LayerStreams(streams);
    }

    /** No layer is followed: every unpacking reads the stored blob. */
    static LayerStreams none() {
        return new LayerStreams(Map.of());
    }

    LayerStream of(Descriptor layer) {
        LayerStream stream = streams.get(layer.digest());
        return stream == null ? LayerStream.declined() : stream;
    }

    /** The unpacking is over: streams no one claimed let go of what they hold. */
    void ignoreRest() {
        streams.values().forEach(LayerStream::ignore);
    }
}
