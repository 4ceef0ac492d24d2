package io.cfdeploy.action;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.function.Supplier;

/** Turns a unique-constraint violation at flush into the caller's CF error (PostgreSQL SQLState 23505). */
final class UniqueViolations {
    private UniqueViolations() {
    }

    /**
     * Persists and flushes. With identity ids the INSERT runs at {@code persist}, not at flush, so the violation
     * must be caught around both.
     */
    static void persist(EntityManager em, Object entity, Supplier<RuntimeException> onViolation) {
        try {
            em.persist(entity);
            em.flush();
        } catch (PersistenceException exception) {
            if (isUniqueViolation(exception)) {
                throw onViolation.get();
            }
            throw exception;
        }
    }

    static void flush(EntityManager em, Supplier<RuntimeException> onViolation) {
        try {
            em.flush();
        } catch (PersistenceException exception) {
            if (isUniqueViolation(exception)) {
                throw onViolation.get();
            }
            throw exception;
        }
    }

    /**
     * Persists and flushes a new entity. With identity ids the INSERT runs inside {@code persist} itself, so a
     * unique violation surfaces there rather than at a later flush.
     */
    static void persist(EntityManager em, PanacheEntityBase entity, Supplier<RuntimeException> onViolation) {
        try {
            entity.persist();
            em.flush();
        } catch (PersistenceException exception) {
            if (isUniqueViolation(exception)) {
                throw onViolation.get();
            }
            throw exception;
        }
    }

    static boolean isUniqueViolation(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
