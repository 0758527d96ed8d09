package io.berth.itests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The assembled distribution under test: runtime-distribution/target/berth. */
public final class Distribution {
    private Distribution() {
    }

    public static Path home() {
        Path home = Path.of(System.getProperty("berth.dist", "../runtime-distribution/target/berth"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/berthd"))) {
            throw new IllegalStateException("no assembled distribution at " + home + ": build runtime-distribution first");
        }
        return home;
    }

    public static Path berthd() {
        return home().resolve("bin/berthd");
    }

    public static Path berth() {
        return home().resolve("bin/berth");
    }
}
