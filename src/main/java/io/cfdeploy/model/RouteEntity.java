package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A route: host and path under a domain, in a space; its destinations say which apps it maps to. */
@Entity
@Table(name = "routes")
public class RouteEntity extends MetadataEntity {
    @Column(nullable = false, updatable = false)
    public String host = "";

    @Column(nullable = false, updatable = false)
    public String path = "";

    /** Only tcp routes have one; cfdeploy's domains are http, so always null today. */
    @Column(updatable = false)
    public Integer port;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id", nullable = false, updatable = false)
    public DomainEntity domain;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "space_id", nullable = false, updatable = false)
    public SpaceEntity space;

    /** The route's options (e.g. {@code loadbalancing}); null when none were given. */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, String> options;

    /** {@code host.domain} (or the domain alone) followed by the path, as CAPI's presenter shows it. */
    public String url() {
        return (host.isEmpty() ? domain.name : host + "." + domain.name) + path;
    }

    /** The route with its domain, space and organization, in one query. */
    public static Optional<RouteEntity> findByGuid(String guid) {
        return find("from RouteEntity r join fetch r.domain join fetch r.space s join fetch s.organization "
                + "where r.guid = ?1", guid).firstResultOptional();
    }
}
