package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class CapabilityBoundTest {
    /** Everything up to CAP_CHECKPOINT_RESTORE but CAP_SYS_RESOURCE (24), as on a host that dropped it. */
    private static final CapabilityBound WITHOUT_SYS_RESOURCE = new CapabilityBound(0x1fffeffffffL, 40);

    @Test
    void theNamesAreAtTheirKernelNumbers() {
        assertEquals(0, CapabilityBound.NAMES.indexOf("CAP_CHOWN"));
        assertEquals(21, CapabilityBound.NAMES.indexOf("CAP_SYS_ADMIN"));
        assertEquals(24, CapabilityBound.NAMES.indexOf("CAP_SYS_RESOURCE"));
        assertEquals(40, CapabilityBound.NAMES.indexOf("CAP_CHECKPOINT_RESTORE"));
    }

    @Test
    void aSpecGrantingOnlyCapabilitiesInTheBoundingSetPasses() {
        WITHOUT_SYS_RESOURCE.check("c1", spec("\"effective\": [\"CAP_CHOWN\", \"CAP_SYS_ADMIN\"],"
                + " \"permitted\": [\"CAP_CHOWN\", \"CAP_SYS_ADMIN\"]"));
        WITHOUT_SYS_RESOURCE.check("c1", "{\"process\": {}}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSpecGrantingACapabilityBeyondTheBoundingSetIsRefusedByName() {
        for (String set : new String[] {"effective", "permitted", "inheritable", "ambient"}) {
            BerthException e = assertThrows(BerthException.class, () -> WITHOUT_SYS_RESOURCE.check("c1",
                    spec("\"" + set + "\": [\"CAP_CHOWN\", \"CAP_SYS_RESOURCE\"]")), set);
            assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind(), set);
            assertTrue(e.getMessage().contains("CAP_SYS_RESOURCE") && !e.getMessage().contains("CAP_CHOWN"),
                    e.getMessage());
        }
    }

    @Test
    void theBoundingListLimitsAndAsksForNothing() {
        WITHOUT_SYS_RESOURCE.check("c1", spec("\"bounding\": [\"CAP_SYS_RESOURCE\"]"));
    }

    @Test
    void capabilitiesTheKernelDoesNotKnowAreLeftToTheRuntime() {
        CapabilityBound olderKernel = new CapabilityBound(0x3fffffffffL, 37);
        olderKernel.check("c1", spec("\"effective\": [\"CAP_BPF\", \"CAP_NOT_A_CAPABILITY\"]"));
    }

    @Test
    void theCapabilitiesAreFoundAmongTheOtherFieldsOfASpec() {
        byte[] spec = ("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"],"
                + " \"env\": [\"A=1\"], \"user\": {\"uid\": 0, \"additionalGids\": [1, 2]}, \"capabilities\":"
                + " {\"bounding\": [\"CAP_SYS_RESOURCE\"], \"effective\": [[\"CAP_CHOWN\"], {\"a\": [\"b\"]},"
                + " \"CAP_SYS_RESOURCE\", 7]}, \"cwd\": \"/\"}, \"mounts\": [{\"destination\": \"/proc\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        BerthException e = assertThrows(BerthException.class, () -> WITHOUT_SYS_RESOURCE.check("c1", spec));
        assertEquals("container c1: the spec grants CAP_SYS_RESOURCE, beyond the daemon's capability bounding set;"
                + " the runtime cannot grant what the daemon lacks", e.getMessage());
    }

    @Test
    void aSpecThatIsNotJsonIsAnInvalidArgument() {
        BerthException e = assertThrows(BerthException.class,
                () -> WITHOUT_SYS_RESOURCE.check("c1", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        for (String cut : new String[] {"[]", "{\"process\": {\"capabilities\": {\"effective\": [\"CAP_CHOWN\""}) {
            assertEquals(ErrorKind.INVALID_ARGUMENT, assertThrows(BerthException.class,
                    () -> WITHOUT_SYS_RESOURCE.check("c1", cut.getBytes(StandardCharsets.UTF_8))).kind(), cut);
        }
    }

    private static byte[] spec(String capabilities) {
        return ("{\"ociVersion\": \"1.0.2\", \"process\": {\"capabilities\": {" + capabilities + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
