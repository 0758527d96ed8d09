package io.berth.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * What to do so that the installed bundles are exactly the jars of the bundle folder, each bundle
 * named by its location (the jar's file URI).
 */
record DeploymentPlan(List<String> uninstall, List<String> update, List<String> install) {

    /**
     * @param desired   the jars to run, by location, in install order
     * @param installed the installed bundles' locations and {@code Bundle.getLastModified()}
     * @param recorded  the jars' stamps when they were last installed or updated
     */
    static DeploymentPlan of(SequencedMap<String, FileStamp> desired, Map<String, Long> installed,
                             Map<String, FileStamp> recorded) {
        List<String> uninstall = new ArrayList<>();
        for (String location : installed.keySet()) {
            if (!desired.containsKey(location)) {
                uninstall.add(location);
            }
        }
        List<String> update = new ArrayList<>();
        List<String> install = new ArrayList<>();
        for (Map.Entry<String, FileStamp> jar : desired.entrySet()) {
            Long bundleModified = installed.get(jar.getKey());
            if (bundleModified == null) {
                install.add(jar.getKey());
            } else if (changed(jar.getValue(), recorded.get(jar.getKey()), bundleModified)) {
                update.add(jar.getKey());
            }
        }
        return new DeploymentPlan(List.copyOf(uninstall), List.copyOf(update), List.copyOf(install));
    }

    boolean isEmpty() {
        return uninstall.isEmpty() && update.isEmpty() && install.isEmpty();
    }

    /**
     * A recorded stamp is the truth: a replaced jar may well carry an older mtime (package managers
     * keep the packaged one). Without a record, a jar written after the bundle was installed changed.
     */
    private static boolean changed(FileStamp now, FileStamp recorded, long bundleModified) {
        return recorded != null ? !recorded.equals(now) : bundleModified < now.lastModified();
    }
}
