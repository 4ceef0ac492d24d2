package io.cfdeploy.action;

import io.cfdeploy.blobstore.Blobstore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps blobs and droplet rows consistent. Blobs are content-addressed, so droplets with the same bits share one
 * blob: a blob is removed only when no droplet refers to it any more. Both sides take a transaction-scoped
 * advisory lock on the blob key, so an upload of the same bits cannot slip between the reference count and the
 * removal.
 */
@ApplicationScoped
public class DropletBlobs {
    private static final Logger LOG = Logger.getLogger(DropletBlobs.class);

    private final EntityManager em;
    private final Blobstore blobstore;

    DropletBlobs(EntityManager em, Blobstore blobstore) {
        this.em = em;
        this.blobstore = blobstore;
    }

    /** The blob keys of the droplets in a space, read before a delete cascades to them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keysInSpace(long spaceId) {
        return keys("SELECT DISTINCT d.blob_key FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.space_id = :id AND d.blob_key IS NOT NULL", spaceId);
    }

    /** The blob keys of the droplets in an organization's spaces, read before a delete cascades to them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> keysInOrganization(long organizationId) {
        return keys("SELECT DISTINCT d.blob_key FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " JOIN spaces s ON s.id = a.space_id WHERE s.organization_id = :id AND d.blob_key IS NOT NULL",
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
     * Removes the blobs of {@code keys} that no droplet refers to any more. Call it last in the transaction that
     * deleted the droplet rows: it flushes, locks each key and counts the remaining references.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteUnreferenced(Collection<String> keys) {
        em.flush();
        for (String key : new LinkedHashSet<>(keys)) {
            if (key == null) {
                continue;
            }
            lock(key);
            Number references = (Number) em.createNativeQuery("SELECT count(*) FROM droplets WHERE blob_key = :key")
                    .setParameter("key", key).getSingleResult();
            if (references.longValue() == 0) {
                try {
                    blobstore.delete(key);
                } catch (IOException failure) {
                    LOG.warnf("could not remove blob %s: %s", key, failure.getMessage());
                }
            }
        }
    }
}
