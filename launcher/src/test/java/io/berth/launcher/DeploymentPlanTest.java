package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

import org.junit.jupiter.api.Test;

class DeploymentPlanTest {
    private static final String A = "file:/opt/berth/bundle/a.jar";
    private static final String B = "file:/opt/berth/bundle/b.jar";
    private static final String C = "file:/opt/berth/bundle/c.jar";

    @Test
    void aFirstStartInstallsEveryJarInFolderOrder() {
        DeploymentPlan plan = DeploymentPlan.of(desired(B, stamp(1, 10), A, stamp(2, 20)), Map.of(), Map.of());
        assertEquals(new DeploymentPlan(List.of(), List.of(), List.of(B, A)), plan);
    }

    @Test
    void anUnchangedFolderNeedsNothing() {
        DeploymentPlan plan = DeploymentPlan.of(desired(A, stamp(1, 10)), Map.of(A, 500L), Map.of(A, stamp(1, 10)));
        assertTrue(plan.isEmpty());
    }

    @Test
    void bundlesWhoseJarIsGoneAreUninstalled() {
        DeploymentPlan plan = DeploymentPlan.of(desired(A, stamp(1, 10)), Map.of(A, 500L, C, 500L),
                Map.of(A, stamp(1, 10), C, stamp(3, 30)));
        assertEquals(new DeploymentPlan(List.of(C), List.of(), List.of()), plan);
    }

    @Test
    void aJarWithAnotherSizeOrTimeThanRecordedIsUpdatedEvenWhenOlder() {
        DeploymentPlan plan = DeploymentPlan.of(desired(A, stamp(1, 5), B, stamp(9, 20)),
                Map.of(A, 500L, B, 500L), Map.of(A, stamp(1, 10), B, stamp(2, 20)));
        assertEquals(new DeploymentPlan(List.of(), List.of(A, B), List.of()), plan);
    }

    @Test
    void withoutARecordAJarNewerThanItsBundleIsUpdated() {
        DeploymentPlan plan = DeploymentPlan.of(desired(A, stamp(1, 600), B, stamp(1, 400)),
                Map.of(A, 500L, B, 500L), Map.of());
        assertEquals(new DeploymentPlan(List.of(), List.of(A), List.of()), plan);
    }

    private static FileStamp stamp(long size, long lastModified) {
        return new FileStamp(size, lastModified);
    }

    private static SequencedMap<String, FileStamp> desired(Object... locationsAndStamps) {
        SequencedMap<String, FileStamp> desired = new LinkedHashMap<>();
        for (int i = 0; i < locationsAndStamps.length; i += 2) {
            desired.put((String) locationsAndStamps[i], (FileStamp) locationsAndStamps[i + 1]);
        }
        return desired;
    }
}
