package io.berth.snapshots.devmapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The state of every thin device, one small file per device id in {@code <root>/devices}. It cannot live in the
 * metadata store with the snapshot records: a record changes in a transaction that commits only after the device
 * steps, while the journal must be on disk before each step so that a crash in the middle shows it. Each file is
 * replaced in one rename after it reached the disk.
 */
final class DeviceJournal {
    private final Path devices;

    DeviceJournal(Path root) throws IOException {
        this.devices = Files.createDirectories(root.resolve("devices"));
    }

    Path file(long id) {
        return devices.resolve(Long.toString(id));
    }

    Optional<DeviceInfo> find(long id) {
        try {
            return Optional.of(parse(Files.readString(file(id))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the journal of thin device " + id, e);
        }
    }

    DeviceInfo get(long id) {
        return find(id).orElseThrow(() -> new IllegalStateException(
                "thin device " + id + " has no journal entry in " + devices));
    }

    /** Writes {@code device} and returns it once it is on disk. */
    DeviceInfo save(DeviceInfo device) {
        Path temporary = devices.resolve("." + device.id() + ".new");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(format(device)));
                channel.force(true);
            }
            Files.move(temporary, file(device.id()), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(devices, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the journal of thin device " + device.id(), e);
        }
        return device;
    }

    void forget(long id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("forgetting thin device " + id, e);
        }
    }

    /** Every device in the journal, ordered by id. */
    List<DeviceInfo> all() {
        List<DeviceInfo> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(devices)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d+")).toList()) {
                all.add(parse(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the device journal in " + devices, e);
        }
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    private static String format(DeviceInfo device) {
        return "id=" + device.id() + "\nname=" + device.name() + "\nsectors=" + device.sectors()
                + "\nfs_type=" + device.fsType().type() + "\nstate=" + device.state().name().toLowerCase(Locale.ROOT)
                + "\nused_bytes=" + device.usedBytes() + "\n";
    }

    private static DeviceInfo parse(String text) throws IOException {
        Properties entry = new Properties();
        entry.load(new StringReader(text));
        try {
            return new DeviceInfo(Long.parseLong(entry.getProperty("id")), entry.getProperty("name"),
                    Long.parseLong(entry.getProperty("sectors")), FsType.named(entry.getProperty("fs_type")),
                    DeviceState.valueOf(entry.getProperty("state").toUpperCase(Locale.ROOT)),
                    Long.parseLong(entry.getProperty("used_bytes")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable device journal entry: " + text.strip().replace('\n', ' '), e);
        }
    }
}
