package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A user's role in one organization or one space (exactly one of the two is set). */
@Entity
@Table(name = "roles")
public class RoleEntity extends ResourceEntity {
    /** The wire name of the {@link RoleType}, e.g. {@code space_developer}. */
    @Column(nullable = false)
    public String type;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    public UserEntity user;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "organization_id")
    public OrganizationEntity organization;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "space_id")
    public SpaceEntity space;

    public RoleType roleType() {
        return RoleType.fromWire(type).orElseThrow();
    }
}
