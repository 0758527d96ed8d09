package io.berth.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** An image config applied to containerd's default spec, with account files in a real root filesystem. */
class ImageConfigsTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            # a comment
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

            app:x:1000:1001:App:/home/app:/bin/sh
            """;
    private static final String GROUP = """
            root:x:0:
            wheel:x:10:root,app
            app:x:1001:app
            video:x:44:app
            audio:x:29:other
            staff:x:50:app
            """;

    @TempDir
    Path dir;

    private Path rootfs;

    @BeforeEach
    void makeRootfs() throws IOException {
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
        Files.writeString(rootfs.resolve("etc/group"), GROUP);
    }

    private Spec apply(ImageConfig config, List<String> args) {
        return ImageConfigs.apply(DefaultSpec.linux("default", "c1"), config, args, rootfs);
    }

    private User userOf(String user) {
        return apply(new ImageConfig(user, List.of(), List.of(), List.of(), ""), List.of()).process().user();
    }

    private static ErrorKind refusal(Runnable action) {
        return assertThrows(BerthException.class, action::run).kind();
    }

    @Test
    void commandEnvironmentAndDirectoryComeFromTheImage() {
        Spec spec = apply(new ImageConfig("", List.of("PATH=/bin", "GREETING=hello"), List.of("/bin/sh", "-c"),
                List.of("echo hi"), "/data"), List.of());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), spec.process().args());
        assertEquals(List.of("PATH=/bin", "GREETING=hello"), spec.process().env());
        assertEquals("/data", spec.process().cwd());

        Spec overridden = apply(new ImageConfig("", List.of(), List.of("/bin/sh", "-c"), List.of("echo hi"), ""),
                List.of("exit 3"));
        assertEquals(List.of("/bin/sh", "-c", "exit 3"), overridden.process().args());
        assertEquals(List.of(ImageConfigs.DEFAULT_PATH), overridden.process().env());
        assertEquals("/", overridden.process().cwd());
    }

    @Test
    void theSpecsEnvironmentOverridesTheImagesInPlace() {
        Spec base = DefaultSpec.linux("default", "c1");
        Spec withEnv = base.withProcess(base.process().withCommand(List.of(), List.of("B=spec", "A", "D=new"), "/"));
        Spec spec = ImageConfigs.apply(withEnv, new ImageConfig("", List.of("A=1", "B=2", "C=3"), List.of(),
                List.of("true"), ""), List.of(), rootfs);
        assertEquals(List.of("B=spec", "C=3", "D=new"), spec.process().env());
    }

    @Test
    void usersResolveAsContainerdResolvesThem() {
        assertEquals(new User(0, 0, null, List.of(0L, 10L)), userOf(""), "root, in the groups that list root");
        assertEquals(new User(1000, 1001, null, List.of(1001L, 10L, 44L, 50L)), userOf("app"));
        assertEquals(new User(1000, 1001, null, List.of(1001L, 10L, 44L, 50L)), userOf("1000"));
        assertEquals(new User(4242, 0, null, List.of(0L)), userOf("4242"), "a uid the image does not list");
        // A group of the user's own name is no supplementary group.
        assertEquals(new User(1000, 29, null, List.of(29L, 10L, 44L, 50L)), userOf("app:audio"));
        assertEquals(new User(1, 44, null, List.of(44L)), userOf("daemon:44"));
        assertEquals(new User(7, 8, null, List.of(8L)), userOf("7:8"));
    }

    @Test
    void anImageWithoutAccountFilesTakesNumbersAsTheyAre() throws IOException {
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.delete(rootfs.resolve("etc/group"));
        assertEquals(new User(0, 0, null, List.of(0L)), userOf(""));
        assertEquals(new User(1000, 0, null, List.of(0L)), userOf("1000"));
        assertEquals(new User(1000, 5, null, List.of(5L)), userOf("1000:5"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("app")));
    }

    @Test
    void unknownNamesAndBadUserStringsAreRefusedClearly() {
        BerthException unknown = assertThrows(BerthException.class, () -> userOf("nobody"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, unknown.kind());
        assertTrue(unknown.getMessage().contains("nobody") && unknown.getMessage().contains("/etc/passwd"),
                unknown.getMessage());
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("app:nogroup")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("nobody:0")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("a:b:c")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("-1")));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("4294967296")));
    }

    /** Account files that link out of the root are read inside it, as the container would see them. */
    @Test
    void symbolicLinksNeverLeadOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("host/etc"));
        Files.writeString(outside.resolve("passwd"), "evil:x:0:0::/:/bin/sh\n");
        Files.createDirectories(rootfs.resolve("host/etc"));
        Files.writeString(rootfs.resolve("host/etc/passwd"), "inside:x:77:77::/:/bin/sh\n");
        Files.delete(rootfs.resolve("etc/passwd"));

        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("../../../../host/etc/passwd"));
        assertEquals(77, userOf("inside").uid());
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("evil")));

        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), dir.resolve("host/etc/passwd"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("evil")), "an absolute link starts at the root");

        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("passwd"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refusal(() -> userOf("app")), "a link loop");
    }

    @Test
    void anAccountFileThatIsNoRegularFileIsRefused() throws IOException {
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createDirectories(rootfs.resolve("etc/passwd"));
        assertEquals(ErrorKind.FAILED_PRECONDITION, refusal(() -> userOf("app")));
    }

    @Test
    void theConfigBlobIsRead() {
        String blob = """
                {"architecture":"amd64","os":"linux","config":{"User":"app","Env":["PATH=/bin"],
                 "Entrypoint":["/bin/sh","-c"],"Cmd":["echo $GREETING"],"WorkingDir":"/data"},"rootfs":{}}""";
        assertEquals(new ImageConfig("app", List.of("PATH=/bin"), List.of("/bin/sh", "-c"),
                List.of("echo $GREETING"), "/data"), ImageConfigs.read(blob.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ImageConfig("", List.of(), List.of(), List.of(), ""),
                ImageConfigs.read("{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                refusal(() -> ImageConfigs.read("not json".getBytes(StandardCharsets.UTF_8))));
    }
}
