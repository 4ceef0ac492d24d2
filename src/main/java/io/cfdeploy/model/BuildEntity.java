package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One staging of a package into a droplet (CAPI's BuildModel): STAGING, then STAGED or FAILED. */
@Entity
@Table(name = "builds")
public class BuildEntity extends MetadataEntity {
    public static final String STAGING = "STAGING";
    public static final String STAGED = "STAGED";
    public static final String FAILED = "FAILED";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    /** The staged package; a plain reference, as the build outlives a deleted package. */
    @Column(name = "package_guid", nullable = false)
    public String packageGuid;

    /** The droplet staging made, once STAGED. */
    @Column(name = "droplet_guid")
    public String dropletGuid;

    @Column(nullable = false)
    public String state = STAGING;

    /** CAPI's error id ("StagingError"); shown as "&lt;id&gt; - &lt;description&gt;". */
    @Column(name = "error_id")
    public String errorId;

    @Column(name = "error_description")
    public String errorDescription;

    @Column(name = "lifecycle_type", nullable = false)
    public String lifecycleType = "buildpack";

    /** buildpack: {@code {"buildpacks": [...], "stack": …}}; docker: {@code {}}. */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lifecycle_data", columnDefinition = "jsonb", nullable = false)
    public Map<String, Object> lifecycleData = new LinkedHashMap<>();

    @Column(name = "staging_memory_in_mb", nullable = false)
    public long stagingMemoryInMb;

    @Column(name = "staging_disk_in_mb", nullable = false)
    public long stagingDiskInMb;

    @Column(name = "staging_log_rate_limit", nullable = false)
    public long stagingLogRateLimit = -1;

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "environment_variables", columnDefinition = "jsonb", nullable = false)
    public Map<String, String> environmentVariables = new LinkedHashMap<>();

    @Column(name = "created_by_user_guid")
    public String createdByUserGuid;

    @Column(name = "created_by_user_name")
    public String createdByUserName;

    @Column(name = "created_by_user_email")
    public String createdByUserEmail;

    public boolean isStaging() {
        return STAGING.equals(state);
    }

    /** "&lt;id&gt; - &lt;description&gt;", or null without an error. */
    public String error() {
        if (errorId == null && errorDescription == null) {
            return null;
        }
        return errorId == null ? errorDescription
                : errorDescription == null ? errorId : errorId + " - " + errorDescription;
    }

    /** The build with its app, space and organization, in one query. */
    public static Optional<BuildEntity> findByGuid(String guid) {
        return find("from BuildEntity b join fetch b.app a join fetch a.space s join fetch s.organization "
                + "where b.guid = ?1", guid).firstResultOptional();
    }

    /** The guids of builds in {@code state}, oldest first. */
    public static List<String> guidsIn(String state) {
        return getEntityManager().createQuery("select b.guid from BuildEntity b where b.state = ?1 order by b.id",
                String.class).setParameter(1, state).getResultList();
    }
}
