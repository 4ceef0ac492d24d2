package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An audit event; guids are denormalised so events outlive what they describe. */
@Entity
@Table(name = "audit_events")
public class AuditEventEntity extends ResourceEntity {
    @Column(nullable = false)
    public String type;
    @Column(name = "actor_guid", nullable = false)
    public String actorGuid;
    @Column(name = "actor_type", nullable = false)
    public String actorType;
    @Column(name = "actor_name")
    public String actorName;
    @Column(name = "actor_username")
    public String actorUsername;
    @Column(name = "target_guid", nullable = false)
    public String targetGuid;
    @Column(name = "target_type", nullable = false)
    public String targetType;
    @Column(name = "target_name")
    public String targetName;
    @Column(name = "space_guid")
    public String spaceGuid;
    @Column(name = "organization_guid")
    public String organizationGuid;

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public Map<String, Object> data = new LinkedHashMap<>();
}
