package io.berth.cli;

/** The kind ctr names a blob by in progress output: index, manifest, config or layer. */
public final class BlobKind {
    private BlobKind() {
    }

    public static String of(String mediaType) {
        if (mediaType.contains("index") || mediaType.contains("manifest.list")) {
            return "index";
        } else if (mediaType.contains("manifest")) {
            return "manifest";
        } else if (mediaType.contains("config")) {
            return "config";
        }
        return "layer";
    }
}
