package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "apps")
public class AppEntity extends MetadataEntity {
    public static final String STARTED = "STARTED";
    public static final String STOPPED = "STOPPED";

    @Column(nullable = false)
    public String name;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "space_id", nullable = false)
    public SpaceEntity space;

    /** STARTED or STOPPED: what the user asked for. */
    @Column(name = "desired_state", nullable = false)
    public String desiredState = STOPPED;

    /** buildpack or docker. */
    @Column(name = "lifecycle_type", nullable = false)
    public String lifecycleType = "buildpack";

    /** buildpack: {"buildpacks": [...], "stack": …}; docker: {}. */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lifecycle_data", columnDefinition = "jsonb", nullable = false)
    public Map<String, Object> lifecycleData = new LinkedHashMap<>();

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "environment_variables", columnDefinition = "jsonb", nullable = false)
    public Map<String, String> environmentVariables = new LinkedHashMap<>();

    /** The current droplet's guid, or null. */
    @Column(name = "droplet_guid")
    public String dropletGuid;

    @Column(name = "revisions_enabled", nullable = false)
    public boolean revisionsEnabled = true;

    public boolean isStarted() {
        return STARTED.equals(desiredState);
    }

    /** The app with its space and organization, in one query. */
    public static Optional<AppEntity> findByGuid(String guid) {
        return find("from AppEntity a join fetch a.space s join fetch s.organization where a.guid = ?1", guid)
                .firstResultOptional();
    }
}
