package io.berth.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.apache.felix.framework.util.FelixConstants;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/** A Felix framework configured for berthd, with its persistent bundle cache under the root. */
final class FelixFramework {
    /**
     * Packages every bundle loads from the JDK without importing them: sun.misc for Netty's and protobuf's
     * Unsafe, and jdk.jfr.tracing, which the JDK's method timing and tracing (jcmd JFR.start method-timing=...)
     * weaves into the classes it instruments; without it an instrumented method fails to link.
     */
    private static final String BOOT_DELEGATION = "sun.misc,jdk.jfr.tracing";

    private FelixFramework() {
    }

    /**
     * The factory is named rather than found with ServiceLoader: felix.main is the framework we
     * ship, and a class path scan would only cost start-up time.
     */
    @SuppressWarnings({"unchecked", "rawtypes"}) // Felix takes its logger as an object in the string map.
    static Framework create(Options options, DaemonPaths paths, BuildInfo build, Log log) {
        Map configuration = new HashMap<>(properties(options, paths, build));
        configuration.put(FelixConstants.LOG_LOGGER_PROP, new FelixLog(log));
        return new FrameworkFactory().newFramework(configuration);
    }

    /**
     * The properties of cnf/CONVENTIONS.md plus Felix's own. The storage is never cleaned: the cache
     * keeps installed bundles between starts, so a start copies only jars that changed.
     */
    static Map<String, String> properties(Options options, DaemonPaths paths, BuildInfo build) {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, paths.felixCache().toString());
        properties.put(Constants.FRAMEWORK_BOOTDELEGATION, BOOT_DELEGATION);
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(StartLevels.SERVING));
        properties.put(FelixConstants.LOG_LEVEL_PROP, "1");
        properties.put("ds.loglevel", "warn");
        properties.put("berth.home", options.home().toString());
        properties.put("berth.version", build.version());
        properties.put("berth.revision", build.revision());
        putIfGiven(properties, "berth.config", options.config());
        putIfGiven(properties, "berth.root", options.root());
        putIfGiven(properties, "berth.state", options.state());
        putIfGiven(properties, "berth.address", options.address());
        if (options.logLevel() != null) {
            properties.put("berth.log.level", options.logLevel().flagName());
        }
        return properties;
    }

    private static void putIfGiven(Map<String, String> properties, String key, Path path) {
        if (path != null) {
            properties.put(key, path.toAbsolutePath().toString());
        }
    }
}
