package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** The wrapper bundle in a real Felix: it resolves, and its driver loads its native library from the bundle. */
class SqliteBundleInFelixTest {
    @TempDir
    Path dir;

    @Test
    void theDriverRunsAQueryWithTheLibraryFromTheFrameworkCache() throws Exception {
        Path cache = dir.resolve("felix-cache");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of(Constants.FRAMEWORK_STORAGE, cache.toString(),
                        Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        List<Path> extractedBefore = extractedToTemp();
        framework.start();
        try {
            Bundle sqlite = framework.getBundleContext()
                    .installBundle(Path.of(System.getProperty("berth.test.sqlite.bundle")).toUri().toString());
            sqlite.start();
            assertEquals(Bundle.ACTIVE, sqlite.getState());

            Class<?> driverClass = sqlite.loadClass("org.sqlite.JDBC");
            assertNotEquals(getClass().getClassLoader(), driverClass.getClassLoader(), "the bundle's own class");
            Driver driver = (Driver) driverClass.getConstructor().newInstance();
            try (Connection connection = driver.connect("jdbc:sqlite:" + dir.resolve("felix.db"), new Properties());
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT sqlite_version()")) {
                assertTrue(row.next());
                assertTrue(row.getString(1).startsWith("3."), row.getString(1));
            }

            assertEquals(1, librariesUnder(cache).size(), "Felix extracted the library into its cache");
            assertEquals(extractedBefore, extractedToTemp(), "nothing copied to java.io.tmpdir");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static List<Path> librariesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals("libsqlitejdbc.so")).toList();
        }
    }

    /** What sqlite-jdbc's own loader leaves in the temporary directory: sqlite-<version>-<uuid>-libsqlitejdbc.so. */
    private static List<Path> extractedToTemp() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().endsWith("libsqlitejdbc.so")).sorted().toList();
        }
    }
}
