package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Labels;
import io.berth.api.metadata.Lease;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.LeaseStore;

/** Leases in the {@code leases}, {@code lease_labels} and {@code lease_resources} tables. */
final class SqlLeaseStore implements LeaseStore {
    private final SqlTransaction transaction;

    SqlLeaseStore(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Lease create(String namespace, Lease lease) {
        SqlConnection connection = transaction.writing("creating lease " + lease.id() + " in namespace " + namespace);
        if (lease.id().isEmpty()) {
            throw BerthException.invalidArgument("lease id must be provided");
        }
        lease.labels().forEach(Labels::validate);
        if (exists(connection, namespace, lease.id())) {
            throw BerthException.alreadyExists("lease \"%s\": already exists", lease.id());
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING", namespace);
        Sql.update(connection, "INSERT INTO leases (namespace, id, created) VALUES (?, ?, ?)",
                namespace, lease.id(), Nanos.of(Instant.now()));
        lease.labels().forEach((key, value) -> {
            // An empty value stands for no label, as in containerd.
            if (!value.isEmpty()) {
                Sql.update(connection, "INSERT INTO lease_labels (namespace, lease, key, value) VALUES (?, ?, ?, ?)",
                        namespace, lease.id(), key, value);
            }
        });
        return get(namespace, lease.id());
    }

    @Override
    public Lease get(String namespace, String id) {
        List<Lease> found = select(transaction.reading(), namespace, id);
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.getFirst();
    }

    @Override
    public List<Lease> list(String namespace) {
        return select(transaction.reading(), namespace, null);
    }

    @Override
    public void delete(String namespace, String id) {
        SqlConnection connection = transaction.writing("deleting lease " + id + " from namespace " + namespace);
        requireExists(connection, namespace, id);
        // Its labels and resources go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM leases WHERE namespace = ? AND id = ?", namespace, id);
        transaction.deletedRecord();
    }

    @Override
    public void addResource(String namespace, String lease, LeaseResource resource) {
        SqlConnection connection = transaction.writing("adding a resource to lease " + lease);
        requireExists(connection, namespace, lease);
        validate(resource);
        Sql.update(connection, "INSERT INTO lease_resources (namespace, lease, type, id) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", namespace, lease, resource.type(), resource.id());
    }

    @Override
    public void deleteResource(String namespace, String lease, LeaseResource resource) {
        SqlConnection connection = transaction.writing("deleting a resource from lease " + lease);
        requireExists(connection, namespace, lease);
        validate(resource);
        Sql.update(connection, "DELETE FROM lease_resources WHERE namespace = ? AND lease = ? AND type = ? AND id = ?",
                namespace, lease, resource.type(), resource.id());
        transaction.deletedRecord();
    }

    @Override
    public List<LeaseResource> resources(String namespace, String lease) {
        SqlConnection connection = transaction.reading();
        requireExists(connection, namespace, lease);
        List<LeaseResource> resources = new ArrayList<>();
        Sql.query(connection, "SELECT id, type FROM lease_resources WHERE namespace = ? AND lease = ? "
                + "ORDER BY type, id", List.of(namespace, lease),
                row -> resources.add(new LeaseResource(row.getString(1), row.getString(2))));
        return resources;
    }

    /** The resource types containerd's leases know, and their ids' rules. */
    private static void validate(LeaseResource resource) {
        if (resource.id().isEmpty()) {
            throw BerthException.invalidArgument("lease resource of type %s needs an id", resource.type());
        }
        String[] type = resource.type().split("/", -1);
        switch (type[0]) {
            case LeaseResource.CONTENT, LeaseResource.INGESTS, LeaseResource.IMAGES -> {
                if (type.length != 1) {
                    throw BerthException.invalidArgument("invalid resource type %s", resource.type());
                }
                if (type[0].equals(LeaseResource.CONTENT)) {
                    try {
                        Digest.parse(resource.id());
                    } catch (BerthException e) {
                        throw e.withContext("invalid content resource id " + resource.id());
                    }
                }
            }
            case LeaseResource.SNAPSHOTS -> {
                if (type.length != 2) {
                    throw BerthException.invalidArgument("invalid snapshot resource type %s", resource.type());
                }
            }
            default -> throw new BerthException(ErrorKind.NOT_IMPLEMENTED,
                    "resource type " + resource.type() + " not supported yet");
        }
    }

    private static boolean exists(SqlConnection connection, String namespace, String id) {
        return Sql.any(connection, "SELECT 1 FROM leases WHERE namespace = ? AND id = ?", namespace, id);
    }

    private static void requireExists(SqlConnection connection, String namespace, String id) {
        if (!exists(connection, namespace, id)) {
            throw notFound(id);
        }
    }

    private static BerthException notFound(String id) {
        return BerthException.notFound("lease \"%s\": not found", id);
    }

    /** The namespace's leases, or only the one with {@code id} when it is not null. */
    private static List<Lease> select(SqlConnection connection, String namespace, String id) {
        String where = id == null ? "namespace = ?" : "namespace = ? AND id = ?";
        String whereLabels = id == null ? "namespace = ?" : "namespace = ? AND lease = ?";
        List<Object> parameters = id == null ? List.of(namespace) : List.of(namespace, id);
        Map<String, Map<String, String>> labels = new HashMap<>();
        Sql.query(connection, "SELECT lease, key, value FROM lease_labels WHERE " + whereLabels, parameters,
                row -> labels.computeIfAbsent(row.getString(1), l -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        List<Lease> leases = new ArrayList<>();
        Sql.query(connection, "SELECT id, created FROM leases WHERE " + where + " ORDER BY id", parameters,
                row -> leases.add(new Lease(row.getString(1), labels.get(row.getString(1)),
                        Nanos.toInstant(row.getLong(2)))));
        return leases;
    }
}
