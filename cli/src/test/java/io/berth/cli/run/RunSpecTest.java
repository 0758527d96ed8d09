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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How berth run assembles a container's spec from containerd's defaults, the image config and the command line. */
class RunSpecTest {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ImageConfig BUSYBOX = new ImageConfig(List.of("PATH=/bin:/usr/bin", "HOME=/root"),
            List.of(), List.of("sh"), "", "", List.of("sha256:" + "a".repeat(64)));

    @Test
    void theDefaultsAreContainerdsLinuxDefaultsWithTheCgroupOfNamespaceAndId() {
        JsonObject spec = spec(RunSpec.assemble("team", "t1", BUSYBOX, List.of(), List.of(), false));

        assertEquals("rootfs", spec.getAsJsonObject("root").get("path").getAsString());
        JsonObject linux = spec.getAsJsonObject("linux");
        assertEquals("/team/t1", linux.get("cgroupsPath").getAsString());
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), linux.getAsJsonArray("namespaces")
                .asList().stream().map(ns -> ns.getAsJsonObject().get("type").getAsString()).toList());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/run"),
                spec.getAsJsonArray("mounts").asList().stream()
                        .map(mount -> mount.getAsJsonObject().get("destination").getAsString()).toList());
        JsonObject process = spec.getAsJsonObject("process");
        assertTrue(process.get("noNewPrivileges").getAsBoolean());
        assertEquals(14, process.getAsJsonObject("capabilities").getAsJsonArray("bounding").size());
        assertFalse(strings(process.getAsJsonObject("capabilities").getAsJsonArray("bounding"))
                .contains("CAP_SYS_RESOURCE"), "never more than a host without CAP_SYS_RESOURCE allows");
        assertEquals(0, process.getAsJsonObject("user").get("uid").getAsInt());
        assertFalse(process.has("terminal"));
    }

    @Test
    void theImageGivesTheCommandTheEnvironmentOverTheDefaultPathAndTheWorkingDirectory() {
        ImageConfig image = new ImageConfig(List.of("PATH=/app/bin", "MODE=prod"), List.of("/entry", "--x"),
                List.of("serve"), "/srv", "", List.of());
        JsonObject process = spec(RunSpec.assemble("default", "t1", image, List.of(), List.of(), false))
                .getAsJsonObject("process");

        assertEquals(List.of("/entry", "--x", "serve"), strings(process.getAsJsonArray("args")));
        assertEquals(List.of("PATH=/app/bin", "MODE=prod"), strings(process.getAsJsonArray("env")));
        assertEquals("/srv", process.get("cwd").getAsString());
    }

    @Test
    void theCommandLineReplacesEntrypointAndCommandAndSetsOrRemovesVariables() {
        ImageConfig image = new ImageConfig(List.of("MODE=prod", "DEBUG=1"), List.of("/entry"), List.of("serve"),
                "", "", List.of());
        JsonObject process = spec(RunSpec.assemble("default", "t1", image, List.of("echo", "hello"),
                List.of("MODE=test", "DEBUG", "EXTRA=a=b"), false)).getAsJsonObject("process");

        assertEquals(List.of("echo", "hello"), strings(process.getAsJsonArray("args")));
        assertEquals(List.of(PATH, "MODE=test", "EXTRA=a=b"), strings(process.getAsJsonArray("env")));
        assertEquals("/", process.get("cwd").getAsString());
    }

    @Test
    void aTerminalIsAskedForWithXterm() {
        JsonObject process = spec(RunSpec.assemble("default", "t1", BUSYBOX, List.of(), List.of(), true))
                .getAsJsonObject("process");

        assertTrue(process.get("terminal").getAsBoolean());
        assertEquals("TERM=xterm", strings(process.getAsJsonArray("env")).getLast());
    }

    @Test
    void aNumericUserOfTheImageIsTheProcesssUser() {
        ImageConfig image = new ImageConfig(List.of(), List.of(), List.of("id"), "", "1000:100", List.of());
        JsonObject user = spec(RunSpec.assemble("default", "t1", image, List.of(), List.of(), false))
                .getAsJsonObject("process").getAsJsonObject("user");

        assertEquals(1000, user.get("uid").getAsInt());
        assertEquals(100, user.get("gid").getAsInt());
    }

    @Test
    void aUserNameIsRefusedClearly() {
        ImageConfig image = new ImageConfig(List.of(), List.of(), List.of("id"), "", "nobody", List.of());

        CommandFailure failure = assertThrows(CommandFailure.class,
                () -> RunSpec.assemble("default", "t1", image, List.of(), List.of(), false));
        assertTrue(failure.getMessage().startsWith("the image's user \"nobody\" is not numeric"), failure.getMessage());
    }

    @Test
    void nothingToRunIsRefused() {
        ImageConfig image = new ImageConfig(List.of(), List.of(), List.of(), "", "", List.of());

        assertEquals("the image has no command to run; give one after the container id", assertThrows(
                CommandFailure.class, () -> RunSpec.assemble("default", "t1", image, List.of(), List.of(), false))
                .getMessage());
    }

    @Test
    void anExecProcessIsTheContainersProcessWithItsOwnCommandAndTerminal() {
        String containerSpec = RunSpec.assemble("default", "t1", BUSYBOX, List.of("sleep", "1000"), List.of(), false);

        JsonObject process = JsonParser.parseString(RunSpec.execProcess(containerSpec, List.of("sh", "-c", "echo"),
                true, "/tmp")).getAsJsonObject();

        assertEquals(List.of("sh", "-c", "echo"), strings(process.getAsJsonArray("args")));
        assertTrue(process.get("terminal").getAsBoolean());
        assertEquals("/tmp", process.get("cwd").getAsString());
        assertEquals(List.of("PATH=/bin:/usr/bin", "HOME=/root"), strings(process.getAsJsonArray("env")));
    }

    @Test
    void mergingEnvironmentsKeepsTheOrderOfFirstAppearance() {
        assertEquals(List.of("A=3", "B=2", "C=4"), RunSpec.mergeEnv(List.of("A=1", "B=2"), List.of("A=3", "C=4")));
    }

    private static JsonObject spec(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static List<String> strings(JsonArray array) {
        List<String> values = new ArrayList<>();
        for (JsonElement element : array) {
            values.add(element.getAsString());
        }
        return values;
    }
}
