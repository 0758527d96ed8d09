package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Whether CRIU can checkpoint on this machine, as {@code criu check} says; tests that need it skip otherwise. */
final class CriuCheck {
    private static final Path CRIU = Path.of("/usr/sbin/criu");

    private CriuCheck() {
    }

    static void assumeWorks() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CRIU), "criu is not installed (Debian package criu)");
        Process check = new ProcessBuilder(CRIU.toString(), "check").redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(check.waitFor() == 0, "criu check fails on this machine: " + said);
    }
}
