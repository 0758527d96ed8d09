package io.berth.itests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One {@code ctr events} in the background ({@link Ctr#events}); its lines are queued as they come. */
public final class CtrEvents implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    /**
     * One line of {@code ctr events}: Go prints the time as {@code 2006-01-02 15:04:05.999999999 +0000 UTC},
     * so the namespace, topic and JSON are the fifth word on.
     */
    public record Line(String namespace, String topic, String json) {
        public static Line parse(String text) {
            String[] words = text.split(" ", 7);
            if (words.length < 6 || !words[3].equals("UTC")) {
                throw new AssertionError("not a ctr events line: " + text);
            }
            return new Line(words[4], words[5], words.length == 7 ? words[6] : "");
        }
    }

    CtrEvents(List<String> command, Path stderr) throws IOException {
        this.stderr = stderr;
        this.process = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading ctr events failed: " + e + ")");
        }
    }

    /** The next line, whatever its topic. */
    public Line next() throws InterruptedException {
        return poll(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("no event within 60 s; ctr events is "
                + (process.isAlive() ? "still running" : "gone: " + stderrQuietly())));
    }

    /** The next line if one comes within the time. */
    public Optional<Line> poll(Duration within) throws InterruptedException {
        return Optional.ofNullable(lines.poll(within.toMillis(), TimeUnit.MILLISECONDS)).map(Line::parse);
    }

    /** The next line whose topic column is {@code topic}; lines of other topics are skipped. */
    public Line next(String topic) throws InterruptedException {
        while (true) {
            Line line = next();
            if (line.topic().equals(topic)) {
                return line;
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private String stderrQuietly() {
        try {
            return stderr();
        } catch (IOException e) {
            return "(no standard error: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
