package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A snapshot of what an app runs: droplet, environment variables and custom commands. */
@Entity
@Table(name = "revisions")
public class RevisionEntity extends MetadataEntity {
    public static final int MAX_VERSION = 9999;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    @Column(nullable = false)
    public int version;

    @Column(name = "droplet_guid", nullable = false)
    public String dropletGuid;

    @Column(nullable = false)
    public String description = "";

    /** process type → custom command (null when the droplet's command is used). */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public Map<String, String> processes = new LinkedHashMap<>();

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public List<Map<String, Object>> sidecars = new ArrayList<>();

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "environment_variables", columnDefinition = "jsonb", nullable = false)
    public Map<String, String> environmentVariables = new LinkedHashMap<>();

    public static Optional<RevisionEntity> findByGuid(String guid) {
        return find("from RevisionEntity r join fetch r.app a join fetch a.space s join fetch s.organization "
                + "where r.guid = ?1", guid).firstResultOptional();
    }
}
