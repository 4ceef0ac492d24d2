package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A resource with labels and annotations (stored as JSONB objects keyed "prefix/name"). */
@MappedSuperclass
public abstract class MetadataEntity extends ResourceEntity {
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public Map<String, String> labels = new LinkedHashMap<>();

    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", nullable = false)
    public Map<String, String> annotations = new LinkedHashMap<>();
}
