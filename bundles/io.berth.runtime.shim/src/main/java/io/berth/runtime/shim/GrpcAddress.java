package io.berth.runtime.shim;

/**
 * The daemon's gRPC socket, from {@code [grpc] address}: shims are told it, and publish their events to the ttrpc
 * socket beside it, {@code <address>.ttrpc}.
 */
@interface GrpcAddress {
    String address() default "/run/berth/berth.sock";
}
