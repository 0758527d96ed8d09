package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // held, not used
    void theLockCreatesTheRootAndRecordsOurPid() throws Exception {
        Path root = dir.resolve("var/lib/berth");
        try (InstanceLock lock = InstanceLock.acquire(root)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(root.resolve("berthd.lock")));
        }
    }

    @Test
    void aSecondLockInThisProcessIsRefusedUntilTheFirstIsReleased() throws Exception {
        InstanceLock first = InstanceLock.acquire(dir);
        LauncherException refused = assertThrows(LauncherException.class, () -> InstanceLock.acquire(dir));
        assertEquals("another berthd (pid " + ProcessHandle.current().pid() + ") is using root " + dir,
                refused.getMessage());
        first.close();
        first.close();
        InstanceLock.acquire(dir).close();
    }

    @Test
    void anotherProcessHoldingTheRootIsNamedByItsPid() throws Exception {
        String classPath = codeSource(InstanceLock.class) + File.pathSeparator + codeSource(LockHolder.class);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, LockHolder.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());

            LauncherException refused = assertThrows(LauncherException.class, () -> InstanceLock.acquire(dir));
            assertEquals("another berthd (pid " + holder.pid() + ") is using root " + dir, refused.getMessage());

            holder.getOutputStream().close();
            assertEquals(0, holder.waitFor(30, TimeUnit.SECONDS) ? holder.exitValue() : -1);
            InstanceLock.acquire(dir).close();
        } finally {
            holder.destroyForcibly();
        }
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
