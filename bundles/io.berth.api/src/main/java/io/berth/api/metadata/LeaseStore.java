package io.berth.api.metadata;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The leases of each namespace and the resources they hold, with containerd's rules. */
@ProviderType
public interface LeaseStore {
    /**
     * Creates a lease, and its namespace when it does not exist yet. The store sets its creation time.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an empty id or a label over the size limit,
     *         ALREADY_EXISTS when the namespace has a lease of that id
     */
    Lease create(String namespace, Lease lease);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such lease */
    Lease get(String namespace, String id);

    /** Every lease of the namespace, ordered by id. */
    List<Lease> list(String namespace);

    /**
     * Deletes a lease; what it held is left for garbage collection.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such lease
     */
    void delete(String namespace, String id);

    /**
     * Lets the lease hold a resource; holding it already is no change.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such lease,
     *         INVALID_ARGUMENT for an empty id, a content id that is not a digest or a malformed type,
     *         NOT_IMPLEMENTED for a type containerd does not know
     */
    void addResource(String namespace, String lease, LeaseResource resource);

    /**
     * Lets the lease release a resource; not holding it is no change.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such lease
     */
    void deleteResource(String namespace, String lease, LeaseResource resource);

    /**
     * The resources the lease holds, ordered by type, then id.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such lease
     */
    List<LeaseResource> resources(String namespace, String lease);
}
