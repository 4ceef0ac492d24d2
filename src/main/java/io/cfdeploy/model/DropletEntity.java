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

@Entity
@Table(name = "droplets")
public class DropletEntity extends MetadataEntity {
    public static final String AWAITING_UPLOAD = "AWAITING_UPLOAD";
    public static final String PROCESSING_UPLOAD = "PROCESSING_UPLOAD";
    public static final String STAGED = "STAGED";
    public static final String FAILED = "FAILED";
    public static final String EXPIRED = "EXPIRED";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    @Column(nullable = false)
    public String state = AWAITING_UPLOAD;

    public String error;

    @Column(name = "lifecycle_type", nullable = false)
    public String lifecycleType = "buildpack";

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public List<Map<String, Object>> buildpacks = new ArrayList<>();

    public String stack;

    public String image;

    @Column(name = "execution_metadata", nullable = false)
    public String executionMetadata = "";

    /** process type → start command. */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "process_types", columnDefinition = "jsonb", nullable = false)
    public Map<String, String> processTypes = new LinkedHashMap<>();

    @Column(name = "checksum_type")
    public String checksumType;

    @Column(name = "checksum_value")
    public String checksumValue;

    public String sha1;

    /** The package this droplet was staged from (builds), else null. */
    @Column(name = "package_guid")
    public String packageGuid;

    /** Where the bits are in the blobstore, once uploaded. */
    @Column(name = "blob_key")
    public String blobKey;

    @Column(name = "blob_size")
    public Long blobSize;

    public boolean isStaged() {
        return STAGED.equals(state);
    }

    /** The droplet with its app, space and organization, in one query. */
    public static Optional<DropletEntity> findByGuid(String guid) {
        return find("from DropletEntity d join fetch d.app a join fetch a.space s join fetch s.organization "
                + "where d.guid = ?1", guid).firstResultOptional();
    }
}
