package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Optional;
import java.util.UUID;

/** A process of an app (web, worker…); during a deployment an app has several web processes. */
@Entity
@Table(name = "processes")
public class ProcessEntity extends MetadataEntity {
    public static final String WEB = "web";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    @Column(nullable = false)
    public String type;

    /** The command the user set, or null to run the droplet's (or revision's) command for this type. */
    public String command;

    @Column(nullable = false)
    public int instances = 1;

    @Column(name = "memory_in_mb", nullable = false)
    public int memoryInMb = 1024;

    @Column(name = "disk_in_mb", nullable = false)
    public int diskInMb = 1024;

    @Column(name = "log_rate_limit_in_bytes_per_second", nullable = false)
    public long logRateLimitInBytesPerSecond = -1;

    @Column(name = "health_check_type", nullable = false)
    public String healthCheckType = "port";
    @Column(name = "health_check_timeout")
    public Integer healthCheckTimeout;
    @Column(name = "health_check_invocation_timeout")
    public Integer healthCheckInvocationTimeout;
    @Column(name = "health_check_interval")
    public Integer healthCheckInterval;
    @Column(name = "health_check_endpoint")
    public String healthCheckEndpoint;

    @Column(name = "readiness_health_check_type", nullable = false)
    public String readinessHealthCheckType = "process";
    @Column(name = "readiness_health_check_invocation_timeout")
    public Integer readinessHealthCheckInvocationTimeout;
    @Column(name = "readiness_health_check_interval")
    public Integer readinessHealthCheckInterval;
    @Column(name = "readiness_health_check_endpoint")
    public String readinessHealthCheckEndpoint;

    /** The revision this process runs, when the app has revisions enabled. */
    @Column(name = "revision_guid")
    public String revisionGuid;

    /** Changes whenever the process is (re)started. */
    @Column(nullable = false)
    public String version = UUID.randomUUID().toString();

    /**
     * Bumped with every change of the desired instances (the kubernetes runtime's guard against replicas writing out
     * of order); a field rather than an UPDATE of its own, so it rides on the flush that writes the process anyway.
     */
    @Column(name = "desired_generation", nullable = false)
    public long desiredGeneration;

    public boolean isWeb() {
        return WEB.equals(type);
    }

    /** The process with its app, space and organization, in one query. */
    public static Optional<ProcessEntity> findByGuid(String guid) {
        return find("from ProcessEntity p join fetch p.app a join fetch a.space s join fetch s.organization "
                + "where p.guid = ?1", guid).firstResultOptional();
    }

    /**
     * A new web process of the app configured like {@code source} (command, resources, health checks, metadata):
     * the deploying process of a rollout (spec §4.3). Instances, revision and overrides are the caller's.
     */
    public static ProcessEntity newWebProcessLike(AppEntity app, ProcessEntity source) {
        ProcessEntity process = new ProcessEntity();
        process.app = app;
        process.type = WEB;
        if (source != null) {
            process.command = source.command;
            process.memoryInMb = source.memoryInMb;
            process.diskInMb = source.diskInMb;
            process.logRateLimitInBytesPerSecond = source.logRateLimitInBytesPerSecond;
            process.healthCheckType = source.healthCheckType;
            process.healthCheckTimeout = source.healthCheckTimeout;
            process.healthCheckInvocationTimeout = source.healthCheckInvocationTimeout;
            process.healthCheckInterval = source.healthCheckInterval;
            process.healthCheckEndpoint = source.healthCheckEndpoint;
            process.readinessHealthCheckType = source.readinessHealthCheckType;
            process.readinessHealthCheckInvocationTimeout = source.readinessHealthCheckInvocationTimeout;
            process.readinessHealthCheckInterval = source.readinessHealthCheckInterval;
            process.readinessHealthCheckEndpoint = source.readinessHealthCheckEndpoint;
            process.labels = new java.util.LinkedHashMap<>(source.labels);
            process.annotations = new java.util.LinkedHashMap<>(source.annotations);
        }
        return process;
    }
}
