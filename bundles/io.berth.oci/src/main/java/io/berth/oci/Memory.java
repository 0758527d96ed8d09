package io.berth.oci;

/** Memory limits in bytes ({@code -1} for none); each null when not set. */
public record Memory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        Long kernelTCP,
        @Unsigned Long swappiness,
        Boolean disableOOMKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate) {
}
