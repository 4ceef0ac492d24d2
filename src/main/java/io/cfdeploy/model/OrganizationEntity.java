package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Optional;

@Entity
@Table(name = "organizations")
public class OrganizationEntity extends MetadataEntity {
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public boolean suspended;

    public static Optional<OrganizationEntity> findByGuid(String guid) {
        return find("guid", guid).firstResultOptional();
    }
}
