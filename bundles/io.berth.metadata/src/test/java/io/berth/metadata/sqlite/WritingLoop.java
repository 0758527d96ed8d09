package io.berth.metadata.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.berth.api.metadata.Namespace;

/**
 * The child process of {@link CrashSafetyTest}: writes transactions of three namespaces each, forever,
 * and prints the number of each one after its commit returned.
 */
public final class WritingLoop {
    static final int PER_TRANSACTION = 3;

    private WritingLoop() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String round = args[1];
        // Large labels spread each transaction over several pages, so a kill can land inside one.
        String filler = "x".repeat(3000);
        try (SqliteDatabase db = SqliteDatabase.open(file, Duration.ofSeconds(5))) {
            for (int i = 0; ; i++) {
                int transaction = i;
                db.write(tx -> {
                    for (int n = 0; n < PER_TRANSACTION; n++) {
                        tx.namespaces().create(new Namespace(name(round, transaction, n), Map.of("filler", filler)));
                    }
                    return null;
                });
                System.out.println(transaction);
                System.out.flush();
            }
        }
    }

    static String name(String round, int transaction, int n) {
        return round + "-" + transaction + "-" + n;
    }
}
