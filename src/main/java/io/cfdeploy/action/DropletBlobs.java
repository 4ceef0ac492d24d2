package io.cfdeploy.action;

import io.cfdeploy.blobstore.Blobstore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps blobs and the droplet and package rows consistent. Blobs are content-addressed, so droplets and packages
 * with the same bits share one blob: a blob is removed only when no droplet or package refers to it any more, and
 * only after the deleting transaction committed. Both sides take a transaction-scoped
 * advisory lock on the blob key, so an upload of the same bits cannot slip between the reference count and the
 * removal.
 */
@ApplicationScoped
public class DropletBlobs {
    private static final Logger LOG = Logger.getLogger(DropletBlobs.class);

    private final EntityManager em;
    private final Blobstore blobstore;

    private final Event<ReleasedBlobs> released;

    DropletBlobs(EntityManager em, Blobstore blobstore, Event<ReleasedBlobs> released) {
        this.em = em;
        this.blobstore = blobstore;
        this.released = released;
    }

    /** The blob keys of one app's droplets and packages, read before a delete cascades to them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keysOfApp(long appId) {
        return keys("SELECT blob_key FROM droplets WHERE app_id = :id AND blob_key IS NOT NULL"
                + " UNION SELECT blob_key FROM packages WHERE app_id = :id AND blob_key IS NOT NULL", appId);
    }

    /** The blob keys of the droplets and packages in a space, read before a delete cascades to them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keysInSpace(long spaceId) {
        return keys("SELECT d.blob_key FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.space_id = :id AND d.blob_key IS NOT NULL"
                + " UNION SELECT p.blob_key FROM packages p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.space_id = :id AND p.blob_key IS NOT NULL", spaceId);
    }

    /** The blob keys of the droplets and packages in an organization's spaces, read before a delete cascades. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keysInOrganization(long organizationId) {
        return keys("SELECT d.blob_key FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " JOIN spaces s ON s.id = a.space_id WHERE s.organization_id = :id AND d.blob_key IS NOT NULL"
                + " UNION SELECT p.blob_key FROM packages p JOIN apps a ON a.id = p.app_id"
                + " JOIN spaces s ON s.id = a.space_id WHERE s.organization_id = :id AND p.blob_key IS NOT NULL",
                organizationId);
    }

    @SuppressWarnings("unchecked")
    private List<String> keys(String sql, long id) {
        return em.createNativeQuery(sql, String.class).setParameter("id", id).getResultList();
    }

    /** Serialises work on one blob key until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:key))").setParameter("key", key)
                .getSingleResult();
    }

    /**
     * Removes the blobs of {@code keys} that no droplet refers to any more, once the transaction that deleted the
     * droplet rows has committed: removed inside it, a later rollback would bring the rows back without their bits.
     * Call it in that transaction; it flushes so the deleted rows are gone from the count.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteUnreferenced(Collection<String> keys) {
        deleteUnreferencedKeys(keys);
    }

    /** {@link #deleteUnreferenced(Collection)} for the one key of a deleted droplet or package (null: no bits). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteIfUnreferenced(String key) {
        deleteUnreferencedKeys(key == null ? List.of() : List.of(key));
    }

    private void deleteUnreferencedKeys(Collection<String> keys) {
        em.flush();
        List<String> candidates = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keys)) {
            if (key != null && references(key) == 0) {
                candidates.add(key);
            }
        }
        if (!candidates.isEmpty()) {
            released.fire(new ReleasedBlobs(List.copyOf(candidates)));
        }
    }

    /** Blob keys whose last droplet a transaction deleted; observed only once that transaction has committed. */
    public record ReleasedBlobs(List<String> keys) {
    }

    /**
     * After commit, each key is checked again under its lock in a transaction of its own (an upload of the same
     * bits may have taken it meanwhile) and removed only when still unreferenced.
     */
    void removeReleased(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReleasedBlobs released) {
        for (String key : released.keys()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    lock(key);
                    if (references(key) == 0) {
                        try {
                            blobstore.delete(key);
                        } catch (IOException failure) {
                            LOG.warnf("could not remove blob %s: %s", key, failure.getMessage());
                        }
                    }
                });
            } catch (RuntimeException failure) {
                // the commit stands; an orphaned blob only costs space
                LOG.warnf("could not remove blob %s after commit: %s", key, failure.getMessage());
            }
        }
    }

    private long references(String key) {
        lock(key);
        return ((Number) em.createNativeQuery("SELECT (SELECT count(*) FROM droplets WHERE blob_key = :key)"
                + " + (SELECT count(*) FROM packages WHERE blob_key = :key)").setParameter("key", key)
                .getSingleResult()).longValue();
    }
}
