package io.cfdeploy.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a deployment's {@code new_processes}; it outlives the process it names. */
@Entity
@Table(name = "deployment_processes")
public class DeploymentProcessEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "deployment_id", nullable = false, updatable = false)
    public Long deploymentId;

    @Column(name = "process_guid", nullable = false, updatable = false)
    public String processGuid;

    @Column(name = "process_type", nullable = false, updatable = false)
    public String processType;
}
