package io.cfdeploy.action;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.UserCreateMessage;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Registers users (CAPI's UserCreate). CAPI records no audit event for it. */
@ApplicationScoped
public class UserActions {
    private final EntityManager em;
    private final MetadataApply metadata;
    private final UserDirectory directory;

    UserActions(EntityManager em, MetadataApply metadata, UserDirectory directory) {
        this.em = em;
        this.metadata = metadata;
        this.directory = directory;
    }

    /** Admins only (CAPI's {@code can_write_globally?}); checked before the body is read. */
    public static void requireCreator(Caller caller) {
        if (!caller.isAdmin()) {
            throw CfException.notAuthorized();
        }
    }

    /**
     * By guid: the users row for that UAA user. By username and origin: the identity provider's guid for that
     * user when it knows them, else a new guid (CAPI would create a UAA shadow user; there is none to ask here).
     */
    @Transactional
    public UserEntity create(Caller caller, UserCreateMessage message) {
        requireCreator(caller);
        UserEntity user = new UserEntity();
        Supplier<RuntimeException> duplicate;
        if (message.byGuid()) {
            duplicate = () -> CfException.unprocessable("User with guid '" + message.guid() + "' already exists.");
            user.guid = message.guid();
        } else {
            duplicate = () -> CfException.unprocessable("User with username '" + message.username()
                    + "' and origin '" + message.origin() + "' already exists.");
            if (UserEntity.count("username = ?1 and origin = ?2", message.username(), message.origin()) > 0) {
                throw duplicate.get();
            }
            user.guid = directory.byUsername(message.username()).stream()
                    .filter(entry -> message.origin().equals(entry.origin())).map(UserDirectory.Entry::guid)
                    .findFirst().orElseGet(UserEntity::newGuid);
            user.username = message.username();
            user.origin = message.origin();
        }
        if (UserEntity.findByGuid(user.guid).isPresent()) {
            throw duplicate.get();
        }
        metadata.apply(user, message.metadata());
        UniqueViolations.persist(em, user, duplicate);
        return user;
    }
}
