package io.berth.runtime.shim;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.osgi.service.log.Logger;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.runtime.Task;

/** What the tests that run real tasks through Debian's shim need: the machine's parts, a config, a quiet log. */
final class ShimTestSupport {
    static final Path SHIM = Path.of("/usr/bin/containerd-shim-runc-v2");
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private ShimTestSupport() {
    }

    /** Skips the calling test, saying why, without root or without the shim, runc or busybox. */
    static void assumeShimAndRoot() {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "running containers needs root; CI runs as root");
        Assumptions.assumeTrue(Files.isExecutable(SHIM), SHIM + " is not installed (Debian package containerd)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "runc is not installed (Debian package"
                + " runc)");
        Assumptions.assumeTrue(Files.isExecutable(BUSYBOX), "busybox is not installed (Debian package busybox-static)");
    }

    /**
     * Kills and deletes the tasks a test left in the namespace. Tasks outlive their manager, as they outlive a
     * daemon's restart, so a test that failed half-way would otherwise leave its containers, shims and mounts.
     */
    static void endTasks(ShimTaskManager manager, String namespace) {
        for (Task left : manager.list(namespace)) {
            try {
                left.kill("", 9, true);
            } catch (BerthException e) {
                // NOT_FOUND: its process has ended already, and deleting it is all that is left.
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
            left.waitFor("");
            left.delete();
        }
    }

    static GrpcAddress config(String address) {
        return (GrpcAddress) Proxy.newProxyInstance(GrpcAddress.class.getClassLoader(),
                new Class<?>[] {GrpcAddress.class}, (proxy, method, args) -> address);
    }

    static Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }
}
