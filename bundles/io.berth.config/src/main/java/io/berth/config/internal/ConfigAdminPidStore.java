package io.berth.config.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@link PidStore} on ConfigurationAdmin. */
final class ConfigAdminPidStore implements PidStore {
    /** Any bundle may use these configurations: each PID has exactly one consumer, wherever it lives. */
    private static final String ANY_LOCATION = "?";
    private static final Set<String> ADDED_BY_CONFIG_ADMIN = Set.of(Constants.SERVICE_PID,
            ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin configAdmin;

    ConfigAdminPidStore(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public Optional<Map<String, Object>> properties(String pid) throws IOException {
        Configuration[] found = list("(" + Constants.SERVICE_PID + "=" + filterValue(pid) + ")");
        if (found.length == 0) {
            return Optional.empty();
        }
        Dictionary<String, Object> dictionary = found[0].getProperties();
        if (dictionary == null) {
            return Optional.empty();
        }
        Map<String, Object> properties = new HashMap<>();
        for (String key : Collections.list(dictionary.keys())) {
            if (!ADDED_BY_CONFIG_ADMIN.contains(key)) {
                properties.put(key, dictionary.get(key));
            }
        }
        return Optional.of(properties);
    }

    @Override
    public Set<String> pidsWithProperty(String key) throws IOException {
        Set<String> pids = new TreeSet<>();
        for (Configuration configuration : list("(" + key + "=*)")) {
            pids.add(configuration.getPid());
        }
        return pids;
    }

    @Override
    public void update(String pid, Map<String, Object> properties) throws IOException {
        configAdmin.getConfiguration(pid, ANY_LOCATION).updateIfDifferent(new Hashtable<>(properties));
    }

    @Override
    public void delete(String pid) throws IOException {
        configAdmin.getConfiguration(pid, ANY_LOCATION).delete();
    }

    private Configuration[] list(String filter) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad configuration filter " + filter, e);
        }
    }

    /** Escapes the characters that are special in LDAP filter values. */
    private static String filterValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
