package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A route's destination (CAPI's route mapping): one process type of an app, on a port, with a protocol. */
@Entity
@Table(name = "route_destinations")
public class RouteDestinationEntity extends ResourceEntity {
    /** The port CAPI maps a buildpack app's process on when the destination names none. */
    public static final int DEFAULT_PORT = 8080;
    public static final String HTTP1 = "http1";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "route_id", nullable = false, updatable = false)
    public RouteEntity route;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false, updatable = false)
    public AppEntity app;

    @Column(name = "process_type", nullable = false, updatable = false)
    public String processType;

    @Column(nullable = false, updatable = false)
    public int port = DEFAULT_PORT;

    @Column(nullable = false)
    public String protocol = HTTP1;

    public Integer weight;
}
