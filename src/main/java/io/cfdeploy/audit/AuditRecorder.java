package io.cfdeploy.audit;

import io.cfdeploy.model.AuditEventEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Records audit events inside the caller's transaction, so an event exists exactly when its change does; what an
 * event stores is bounded ({@link BoundedData}).
 */
@ApplicationScoped
public class AuditRecorder {

    public AuditEventEntity record(String type, Actor actor, Target target, Map<String, Object> data) {
        AuditEventEntity event = new AuditEventEntity();
        event.type = type;
        event.actorGuid = actor.guid();
        event.actorType = actor.type();
        event.actorName = actor.name();
        event.actorUsername = actor.username();
        event.targetGuid = target.guid();
        event.targetType = target.type();
        event.targetName = target.name();
        event.spaceGuid = target.spaceGuid();
        event.organizationGuid = target.organizationGuid();
        event.data = BoundedData.of(data);
        event.persist();
        return event;
    }
}
