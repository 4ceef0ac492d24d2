package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An asynchronous operation (CAPI's {@code /v3/jobs}). */
@Entity
@Table(name = "jobs")
public class JobEntity extends ResourceEntity {
    public static final String PROCESSING = "PROCESSING";
    public static final String COMPLETE = "COMPLETE";
    public static final String FAILED = "FAILED";

    @Column(nullable = false)
    public String operation;
    @Column(nullable = false)
    public String state;
    @Column(name = "resource_type", nullable = false)
    public String resourceType;
    @Column(name = "resource_guid", nullable = false)
    public String resourceGuid;

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public List<Map<String, Object>> errors = new ArrayList<>();

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public List<Map<String, Object>> warnings = new ArrayList<>();

    public static Optional<JobEntity> findByGuid(String guid) {
        return find("guid", guid).firstResultOptional();
    }

    /**
     * The collection the job's resource lives in, as a V3 path segment and table name (CAPI pluralizes the
     * resource type): {@code organization} → {@code organizations}, {@code process} → {@code processes}.
     */
    public String resourceCollection() {
        return resourceType.endsWith("s") ? resourceType + "es" : resourceType + "s";
    }
}
