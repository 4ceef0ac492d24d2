package io.cfdeploy.action;

import io.cfdeploy.error.CfException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import java.util.function.Supplier;

/**
 * Locks a row and reads it again under the lock. An entity fetched before its lock holds what was stored then; a
 * plain {@code em.lock} would let the action write those old columns back over a change committed meanwhile (a
 * label PATCH undoing an admin's suspend, a scale undoing the rollout's last step). Checks that depend on the row
 * belong after this call.
 */
final class RowLocks {
    private RowLocks() {
    }

    /** @param gone the 404 of the resource's kind, for a row deleted between the fetch and the lock */
    static <T> T lockFresh(EntityManager em, T entity, Supplier<CfException> gone) {
        if (em.getLockMode(entity) == LockModeType.PESSIMISTIC_WRITE) {
            return entity; // already locked (and read under the lock) in this transaction
        }
        try {
            em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
            return entity;
        } catch (EntityNotFoundException deleted) {
            throw gone.get();
        }
    }
}
