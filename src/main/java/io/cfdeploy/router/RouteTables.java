package io.cfdeploy.router;

import io.cfdeploy.action.RoutesChanged;
import io.cfdeploy.runtime.DesiredInstancesChanged;
import io.cfdeploy.runtime.InstancesChanged;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The router's current {@link RouteTable}, rebuilt lazily: a change (instances observed, desired instances or
 * route mappings committed) only marks it stale; the first request after it rebuilds it with one query on a worker
 * thread, and requests arriving meanwhile wait for that rebuild. Nothing runs while no request comes.
 */
@ApplicationScoped
class RouteTables {
    private static final Logger LOG = Logger.getLogger(RouteTables.class);

    private final Vertx vertx;
    private final RouteRows rows;
    /** Counts changes; a table built at a lower count is stale. Starts above 0 so the first request builds. */
    private final AtomicLong changes = new AtomicLong(1);

    /** How many times the table was read from the database (tests check that idle means no query). */
    private final AtomicLong reads = new AtomicLong();

    private RouteTable table;
    private long tableChanges;
    /** The rebuild in progress, or null; never more than one. */
    private Future<RouteTable> rebuilding;
    private long rebuildingChanges;

    RouteTables(Vertx vertx, RouteRows rows) {
        this.vertx = vertx;
        this.rows = rows;
    }

    /**
     * Outside a transaction (how a runtime fires it after storing what it saw) at once, inside one after its commit.
     */
    void onInstancesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstancesChanged changed) {
        markStale();
    }

    /** Instances removed or replaced: the router stops sending them requests before the runtime stops them. */
    void onDesiredInstancesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredInstancesChanged changed) {
        markStale();
    }

    void onRoutesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RoutesChanged changed) {
        markStale();
    }

    void markStale() {
        changes.incrementAndGet();
    }

    /**
     * The table that includes every change seen so far: the current one, or the one being rebuilt. A failed rebuild
     * falls back to the previous table (still stale, so the next request tries again), or fails when there is none.
     */
    synchronized Future<RouteTable> current() {
        long wanted = changes.get();
        if (table != null && tableChanges >= wanted) {
            return Future.succeededFuture(table);
        }
        if (rebuilding != null) {
            // a rebuild that started before the latest change may miss it: wait for it, then look again
            return rebuildingChanges >= wanted ? rebuilding : rebuilding.transform(done -> current());
        }
        RouteTable previous = table == null ? RouteTable.EMPTY : table;
        Future<RouteTable> rebuild = vertx.<RouteTable>executeBlocking(() -> {
            reads.incrementAndGet();
            return RouteTable.of(rows.load(), previous);
        }, false).transform(result -> finished(wanted, result.result(), result.cause()));
        if (!rebuild.isComplete()) {
            rebuilding = rebuild;
            rebuildingChanges = wanted;
        }
        return rebuild;
    }

    long reads() {
        return reads.get();
    }

    private synchronized Future<RouteTable> finished(long builtChanges, RouteTable built, Throwable failure) {
        rebuilding = null; // one rebuild at a time: this one
        if (built != null) {
            table = built;
            tableChanges = builtChanges;
            LOG.debugf("routing table rebuilt: %d hostnames", built.size());
            return Future.succeededFuture(built);
        }
        LOG.warnf(failure, "cannot read the routing table");
        return table != null ? Future.succeededFuture(table) : Future.failedFuture(failure);
    }
}
