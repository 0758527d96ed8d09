package io.berth.runtime.shim;

import java.util.Map;
import java.util.Set;

import io.berth.api.metadata.TypedValue;
import io.berth.proto.containerd.runc.v1.Options;

/** A runtime table's options, with containerd's keys, as the runc shim's {@code containerd.runc.v1.Options}. */
final class RuncOptionsTable {
    static final Set<String> KEYS = Set.of("NoPivotRoot", "NoNewKeyring", "ShimCgroup", "IoUid", "IoGid",
            "BinaryName", "Root", "SystemdCgroup", "CriuImagePath", "CriuWorkPath");

    private RuncOptionsTable() {
    }

    /**
     * @param runtime the runtime's name, for messages
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    static TypedValue encode(String runtime, Map<String, Object> options) {
        Options.Builder runc = Options.newBuilder();
        options.forEach((key, value) -> {
            switch (key) {
                case "NoPivotRoot" -> runc.setNoPivotRoot(flag(runtime, key, value));
                case "NoNewKeyring" -> runc.setNoNewKeyring(flag(runtime, key, value));
                case "SystemdCgroup" -> runc.setSystemdCgroup(flag(runtime, key, value));
                case "ShimCgroup" -> runc.setShimCgroup(text(runtime, key, value));
                case "BinaryName" -> runc.setBinaryName(text(runtime, key, value));
                case "Root" -> runc.setRoot(text(runtime, key, value));
                case "CriuImagePath" -> runc.setCriuImagePath(text(runtime, key, value));
                case "CriuWorkPath" -> runc.setCriuWorkPath(text(runtime, key, value));
                case "IoUid" -> runc.setIoUid(id(runtime, key, value));
                case "IoGid" -> runc.setIoGid(id(runtime, key, value));
                default -> throw new IllegalArgumentException(where(runtime, key) + " is not an option of the runc"
                        + " shim; known: " + KEYS.stream().sorted().toList());
            }
        });
        return new TypedValue(RuncOptions.TYPE_URL, runc.build().toByteArray());
    }

    private static boolean flag(String runtime, String key, Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException(where(runtime, key) + " must be a boolean, not " + value);
    }

    private static String text(String runtime, String key, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(where(runtime, key) + " must be a string, not " + value);
    }

    private static int id(String runtime, String key, Object value) {
        if (value instanceof Long number && number >= 0 && number <= 0xffff_ffffL) {
            return (int) number.longValue();
        }
        throw new IllegalArgumentException(where(runtime, key) + " must be an integer from 0 to 4294967295, not "
                + value);
    }

    private static String where(String runtime, String key) {
        return "runtimes." + runtime + ".options." + key;
    }
}
