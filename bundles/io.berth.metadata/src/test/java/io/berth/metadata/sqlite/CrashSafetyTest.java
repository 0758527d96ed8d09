package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.metadata.Namespace;

/** A writer killed with SIGKILL mid-stream leaves an intact database holding whole transactions only. */
class CrashSafetyTest {
    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesOnlyWholeCommittedTransactions() throws Exception {
        Path file = dir.resolve("meta.db");
        Random random = new Random();
        for (int round = 0; round < ROUNDS; round++) {
            int acknowledged = runAndKill(file, "r" + round, 5 + random.nextInt(40), random.nextInt(30));
            try (SqliteDatabase db = SqliteDatabase.open(file, Duration.ofSeconds(5))) {
                try (SqlConnection raw = new SqlConnection(Connections.reader(file, Duration.ofSeconds(5)))) {
                    List<String> check = new java.util.ArrayList<>();
                    Sql.query(raw, "PRAGMA integrity_check", List.of(), row -> check.add(row.getString(1)));
                    assertEquals(List.of("ok"), check);
                }
                Map<Integer, Integer> perTransaction = namespacesPerTransaction(db, "r" + round);
                perTransaction.forEach((transaction, count) -> assertEquals(WritingLoop.PER_TRANSACTION, count,
                        "transaction " + transaction + " is whole"));
                for (int t = 0; t <= acknowledged; t++) {
                    assertTrue(perTransaction.containsKey(t), "acknowledged transaction " + t + " is kept");
                }
            }
        }
    }

    /** @return the last transaction the child acknowledged */
    private static int runAndKill(Path file, String round, int atLeast, int extraMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                WritingLoop.class.getName(), file.toString(), round)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int last = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while (last < atLeast) {
                String line = out.readLine();
                if (line == null) {
                    throw new IOException("writer exited early with " + child.waitFor());
                }
                last = Integer.parseInt(line);
            }
            Thread.sleep(extraMillis);
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        return last;
    }

    private static Map<Integer, Integer> namespacesPerTransaction(SqliteDatabase db, String round) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (Namespace namespace : db.read(tx -> tx.namespaces().list())) {
            String[] parts = namespace.name().split("-");
            if (parts[0].equals(round)) {
                counts.merge(Integer.parseInt(parts[1]), 1, Integer::sum);
            }
        }
        return counts;
    }
}
