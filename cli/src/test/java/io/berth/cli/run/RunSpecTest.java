package io.berth.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.berth.cli.CommandFailure;
import io.berth.oci.Box;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How berth run assembles a container's spec: containerd's defaults from the daemon's generator, the image
 * config with its user looked up in the root filesystem, then the command line.
 */
class RunSpecTest {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String BUSYBOX = config("[\"PATH=/bin:/usr/bin\",\"HOME=/root\"]", "[]", "[\"sh\"]", "", "");

    @TempDir
    Path rootfs;

    @Test
    void theDefaultsAreContainerdsWithTheCgroupOfNamespaceAndId() {
        JsonObject spec = assemble("team", "t1", BUSYBOX, List.of(), List.of(), false);

        assertEquals("rootfs", spec.getAsJsonObject("root").get("path").getAsString());
        JsonObject linux = spec.getAsJsonObject("linux");
        assertEquals("/team/t1", linux.get("cgroupsPath").getAsString());
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), linux.getAsJsonArray("namespaces")
                .asList().stream().map(ns -> ns.getAsJsonObject().get("type").getAsString()).toList());
        JsonObject process = spec.getAsJsonObject("process");
        assertTrue(process.get("noNewPrivileges").getAsBoolean());
        assertFalse(strings(process.getAsJsonObject("capabilities").getAsJsonArray("bounding"))
                .contains("CAP_SYS_RESOURCE"), "never more than a host without CAP_SYS_RESOURCE allows");
        assertEquals(0, process.getAsJsonObject("user").get("uid").getAsInt());
        assertFalse(process.has("terminal"));
        assertEquals(List.of("sh"), strings(process.getAsJsonArray("args")));
    }

    @Test
    void theImageGivesTheCommandTheEnvironmentAndTheWorkingDirectory() {
        String image = config("[\"PATH=/app/bin\",\"MODE=prod\"]", "[\"/entry\",\"--x\"]", "[\"serve\"]", "/srv", "");
        JsonObject process = assemble("default", "t1", image, List.of(), List.of(), false).getAsJsonObject("process");

        assertEquals(List.of("/entry", "--x", "serve"), strings(process.getAsJsonArray("args")));
        assertEquals(List.of("PATH=/app/bin", "MODE=prod"), strings(process.getAsJsonArray("env")));
        assertEquals("/srv", process.get("cwd").getAsString());
    }

    @Test
    void anImageWithoutEnvironmentGetsTheDefaultPath() {
        JsonObject process = assemble("default", "t1", config("[]", "[]", "[\"sh\"]", "", ""), List.of(), List.of(),
                false).getAsJsonObject("process");

        assertEquals(List.of(PATH), strings(process.getAsJsonArray("env")));
    }

    @Test
    void theCommandLineReplacesEntrypointAndCommandAndSetsOrRemovesVariables() {
        String image = config("[\"MODE=prod\",\"DEBUG=1\"]", "[\"/entry\"]", "[\"serve\"]", "", "");
        JsonObject process = assemble("default", "t1", image, List.of("echo", "hello"),
                List.of("MODE=test", "DEBUG", "EXTRA=a=b"), false).getAsJsonObject("process");

        assertEquals(List.of("echo", "hello"), strings(process.getAsJsonArray("args")));
        assertEquals(List.of("MODE=test", "EXTRA=a=b"), strings(process.getAsJsonArray("env")));
        assertEquals("/", process.get("cwd").getAsString());
    }

    @Test
    void aTerminalIsAskedForWithXtermAndTheCallersSize() {
        byte[] json = RunSpec.assemble("default", "t1", BUSYBOX.getBytes(StandardCharsets.UTF_8), List.of(), List.of(),
                true, new Box(30, 100), rootfs);
        JsonObject process = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject()
                .getAsJsonObject("process");

        assertTrue(process.get("terminal").getAsBoolean());
        assertEquals("TERM=xterm", strings(process.getAsJsonArray("env")).getLast());
        assertEquals(30, process.getAsJsonObject("consoleSize").get("height").getAsInt());
        assertEquals(100, process.getAsJsonObject("consoleSize").get("width").getAsInt());
    }

    @Test
    void theImagesUserIsLookedUpInTheRootFilesystem() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:100::/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nusers:x:100:\nextra:x:300:app\n");
        JsonObject user = assemble("default", "t1", config("[]", "[]", "[\"id\"]", "", "app"), List.of(), List.of(),
                false).getAsJsonObject("process").getAsJsonObject("user");

        assertEquals(1000, user.get("uid").getAsInt());
        assertEquals(100, user.get("gid").getAsInt());
        assertEquals(List.of("100", "300"), strings(user.getAsJsonArray("additionalGids")));
    }

    @Test
    void aUserTheImageDoesNotHaveIsRefusedClearly() {
        CommandFailure failure = assertThrows(CommandFailure.class, () -> assemble("default", "t1",
                config("[]", "[]", "[\"id\"]", "", "nobody"), List.of(), List.of(), false));

        assertEquals("user nobody: no such user in the image's /etc/passwd", failure.getMessage());
    }

    @Test
    void anIdThatCannotNameACgroupIsRefusedBeforeAnythingIsCreated() {
        assertThrows(CommandFailure.class, () -> RunSpec.validate("default", "../escape"));
        assertThrows(CommandFailure.class, () -> RunSpec.validate("default", "a/b"));
        RunSpec.validate("default", "t1");
    }

    @Test
    void nothingToRunIsRefused() {
        assertEquals("the image has no command to run; give one after the container id", assertThrows(
                CommandFailure.class, () -> assemble("default", "t1", config("[]", "[]", "[]", "", ""), List.of(),
                        List.of(), false)).getMessage());
    }

    @Test
    void anExecProcessIsTheContainersProcessWithItsOwnCommandAndTerminal() {
        String containerSpec = new String(RunSpec.assemble("default", "t1", BUSYBOX.getBytes(StandardCharsets.UTF_8),
                List.of("sleep", "1000"), List.of(), false, null, rootfs), StandardCharsets.UTF_8);

        JsonObject process = JsonParser.parseString(RunSpec.execProcess(containerSpec, List.of("sh", "-c", "echo"),
                true, new Box(30, 100), "/tmp")).getAsJsonObject();

        assertEquals(List.of("sh", "-c", "echo"), strings(process.getAsJsonArray("args")));
        assertTrue(process.get("terminal").getAsBoolean());
        assertEquals("/tmp", process.get("cwd").getAsString());
        assertEquals(30, process.getAsJsonObject("consoleSize").get("height").getAsInt());
        assertEquals(100, process.getAsJsonObject("consoleSize").get("width").getAsInt());
        assertEquals(List.of("PATH=/bin:/usr/bin", "HOME=/root"), strings(process.getAsJsonArray("env")));
    }

    private JsonObject assemble(String namespace, String id, String imageConfig, List<String> command,
            List<String> env, boolean terminal) {
        byte[] json = RunSpec.assemble(namespace, id, imageConfig.getBytes(StandardCharsets.UTF_8), command, env,
                terminal, null, rootfs);
        return JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String config(String env, String entrypoint, String cmd, String workingDir, String user) {
        return """
                {"architecture":"amd64","os":"linux","config":{"Env":%s,"Entrypoint":%s,"Cmd":%s,
                 "WorkingDir":"%s","User":"%s"},"rootfs":{"type":"layers","diff_ids":[]}}"""
                .formatted(env, entrypoint, cmd, workingDir, user);
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        for (JsonElement element : array) {
            values.add(element.getAsString());
        }
        return values;
    }
}
