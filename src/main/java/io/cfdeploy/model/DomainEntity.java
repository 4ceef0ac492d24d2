package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Optional;

/**
 * A domain routes live under. cfdeploy has shared domains only (no owning organization, no router group), inserted
 * from configuration at start; they serve http.
 */
@Entity
@Table(name = "domains")
public class DomainEntity extends MetadataEntity {
    @Column(nullable = false, updatable = false)
    public String name;

    @Column(nullable = false)
    public boolean internal;

    public static Optional<DomainEntity> findByGuid(String guid) {
        return find("guid", guid).firstResultOptional();
    }

    public static Optional<DomainEntity> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
