package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessStatesTest {
    @Test
    void aRunningProcessHasNotEnded() {
        assertFalse(ProcessStates.ended(ProcessHandle.current().pid()));
    }

    @Test
    void aProcessThatIsGoneHasEnded() throws Exception {
        Process process = new ProcessBuilder("true").start();
        long pid = process.pid();
        process.waitFor();
        assertTrue(ProcessStates.ended(pid));
    }

    @Test
    void zombiesAndDeadProcessesHaveEndedSleepersAndRunnersHaveNot() {
        assertTrue(ProcessStates.endedState("4242 (containerd-shim) Z 1 4242 4242 0 -1 4194564 0 0"));
        assertTrue(ProcessStates.endedState("4242 (containerd-shim) X 1 4242 4242 0 -1 4194564 0 0"));
        assertFalse(ProcessStates.endedState("4242 (containerd-shim) S 1 4242 4242 0 -1 4194304 0 0"));
        assertFalse(ProcessStates.endedState("4242 (containerd-shim) R 1 4242 4242 0 -1 4194304 0 0"));
    }

    @Test
    void aCommandNameHoldingParenthesesAndSpacesDoesNotFoolIt() {
        assertFalse(ProcessStates.endedState("4242 (a) Z (b) S 1 4242 4242 0 -1 4194304 0 0"));
        assertTrue(ProcessStates.endedState("4242 (a) S (b) Z 1 4242 4242 0 -1 4194304 0 0"));
    }
}
