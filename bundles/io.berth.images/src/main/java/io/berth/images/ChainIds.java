package io.berth.images;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;

/**
 * OCI's chain ids: the first layer's is its diff id, each next one the sha256 of the parent's chain id, a space
 * and the layer's diff id. A layer's snapshot is named by its chain id, so equal stacks share snapshots.
 */
final class ChainIds {
    private ChainIds() {
    }

    static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        for (Digest diffId : diffIds) {
            chain.add(chain.isEmpty() ? diffId : Digest.compute(DigestAlgorithm.SHA256,
                    (chain.getLast() + " " + diffId).getBytes(StandardCharsets.UTF_8)));
        }
        return List.copyOf(chain);
    }
}
