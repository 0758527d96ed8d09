package io.berth.metadata.sqlite;

import java.time.Instant;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.ContainerStore;
import io.berth.api.metadata.ContentReferences;
import io.berth.api.metadata.ImageStore;
import io.berth.api.metadata.LeaseStore;
import io.berth.api.metadata.NamespaceStore;
import io.berth.api.metadata.SnapshotRecords;
import io.berth.api.metadata.SnapshotStore;
import io.berth.api.metadata.Sweep;
import io.berth.api.metadata.Transaction;

/** One open transaction on one connection; useless once its work has returned. */
final class SqlTransaction implements Transaction {
    private final SqlConnection connection;
    private final boolean writable;
    private volatile boolean ended;
    private boolean deleted;

    SqlTransaction(SqlConnection connection, boolean writable) {
        this.connection = connection;
        this.writable = writable;
    }

    @Override
    public NamespaceStore namespaces() {
        return new SqlNamespaceStore(this);
    }

    @Override
    public ContentReferences contents() {
        return new SqlContentReferences(this);
    }

    @Override
    public ImageStore images() {
        return new SqlImageStore(this);
    }

    @Override
    public LeaseStore leases() {
        return new SqlLeaseStore(this);
    }

    @Override
    public SnapshotStore snapshots() {
        return new SqlSnapshotStore(this);
    }

    @Override
    public ContainerStore containers() {
        return new SqlContainerStore(this);
    }

    @Override
    public SnapshotRecords snapshotRecords(String snapshotter) {
        return new SqlSnapshotRecords(this, snapshotter);
    }

    @Override
    public Sweep sweep(Instant now) {
        return SqlSweep.run(writing("garbage collection"), now);
    }

    /** The connection, for a read. */
    SqlConnection reading() {
        if (ended) {
            throw BerthException.failedPrecondition("metadata transaction used after it ended");
        }
        return connection;
    }

    /** The connection, for a change; refused in a read transaction. */
    SqlConnection writing(String change) {
        if (!writable) {
            throw BerthException.failedPrecondition("%s needs a write transaction, not a read one", change);
        }
        return reading();
    }

    /** Notes that the transaction deleted a record, for the listeners told of its commit. */
    void deletedRecord() {
        deleted = true;
    }

    boolean deleted() {
        return deleted;
    }

    void end() {
        ended = true;
    }
}
