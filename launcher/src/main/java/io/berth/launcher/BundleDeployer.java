package io.berth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes an initialised, not yet started framework run exactly the jars of the bundle folder:
 * uninstalls what is gone, updates what changed, installs what is new, and marks every bundle but
 * fragments to start with the framework, at its {@link StartLevels start level}. A bundle that fails is logged and skipped: one broken
 * plugin must not keep the daemon down.
 */
final class BundleDeployer {
    private final BundleContext context;
    private final Log log;

    BundleDeployer(BundleContext context, Log log) {
        this.context = context;
        this.log = log;
    }

    /**
     * @param desired    the folder's jars, from {@link BundleFolder#scan}
     * @param stampsFile where the stamps of the deployed jars are kept between starts
     */
    void deploy(SequencedMap<String, FileStamp> desired, Path stampsFile) throws IOException {
        Map<String, Bundle> installed = new HashMap<>();
        Map<String, Long> installedModified = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != Constants.SYSTEM_BUNDLE_ID) {
                installed.put(bundle.getLocation(), bundle);
                installedModified.put(bundle.getLocation(), bundle.getLastModified());
            }
        }
        Map<String, FileStamp> recorded = DeployedStamps.read(stampsFile);
        DeploymentPlan plan = DeploymentPlan.of(desired, installedModified, recorded);
        Map<String, FileStamp> deployed = new LinkedHashMap<>(desired);

        for (String location : plan.uninstall()) {
            Bundle bundle = installed.remove(location);
            try {
                bundle.uninstall();
                log.debug("uninstalled " + location);
            } catch (BundleException e) {
                log.error("cannot uninstall " + location, e);
            }
        }
        for (String location : plan.update()) {
            try (InputStream jar = open(location)) {
                installed.get(location).update(jar);
                log.debug("updated " + location);
            } catch (BundleException | IOException e) {
                deployed.remove(location);
                log.error("cannot update " + location, e);
            }
        }
        for (String location : plan.install()) {
            try (InputStream jar = open(location)) {
                installed.put(location, context.installBundle(location, jar));
                log.debug("installed " + location);
            } catch (BundleException | IOException e) {
                deployed.remove(location);
                log.error("cannot install " + location, e);
            }
        }
        if (!plan.isEmpty()) {
            log.info("bundles: " + plan.install().size() + " installed, " + plan.update().size() + " updated, "
                    + plan.uninstall().size() + " uninstalled");
        }
        if (!deployed.equals(recorded)) {
            DeployedStamps.write(stampsFile, deployed);
        }
        for (Bundle bundle : installed.values()) {
            markStarted(bundle);
        }
    }

    /** Before the framework starts this only records the wish; the framework starts them in order. */
    private void markStarted(Bundle bundle) {
        if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            return;
        }
        try {
            bundle.adapt(BundleStartLevel.class).setStartLevel(StartLevels.of(bundle.getSymbolicName()));
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            log.error("cannot start " + bundle.getLocation(), e);
        }
    }

    private static InputStream open(String location) throws IOException {
        return Files.newInputStream(Path.of(URI.create(location)));
    }
}
