package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Optional;

@Entity
@Table(name = "spaces")
public class SpaceEntity extends MetadataEntity {
    @Column(nullable = false)
    public String name;

    /** Set by an admin: the space's non-admin writers are refused (403 CF-SpaceSuspended). */
    @Column(nullable = false)
    public boolean suspended;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "organization_id", nullable = false)
    public OrganizationEntity organization;

    /** The space with its organization, in one query. */
    public static Optional<SpaceEntity> findByGuid(String guid) {
        return find("from SpaceEntity s join fetch s.organization where s.guid = ?1", guid).firstResultOptional();
    }
}
