package io.berth.runtime.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessStatesTest {
    @Test
    void theStateFollowsTheLastParenthesisWhateverTheCommandNameHolds() {
        assertEquals('S', ProcessStates.state("4242 (containerd-shim) S 1 4242 4242 0 -1"));
        assertEquals('Z', ProcessStates.state("4242 (a) R (b) Z 1 4242 4242 0 -1"));
        assertEquals('?', ProcessStates.state("truncated (name"));
    }

    @Test
    void thisProcessRunsAndAnExitedChildDoesNot() throws Exception {
        assertTrue(ProcessStates.running(ProcessHandle.current().pid()));
        Process child = new ProcessBuilder("true").start();
        child.waitFor();
        assertFalse(ProcessStates.running(child.pid()));
    }
}
