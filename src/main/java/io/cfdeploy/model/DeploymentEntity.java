package io.cfdeploy.model;

import io.cfdeploy.domain.DeploymentStrategy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A deployment of an app (CAPI's DeploymentModel). {@link #state} is the internal state machine, which is not
 * rendered; {@link #statusValue}/{@link #statusReason} are what clients see and are always written through
 * {@link #transition} so that the pair and {@link #statusUpdatedAt} follow CAPI's mapping (spec §1.1).
 */
@Entity
@Table(name = "deployments")
public class DeploymentEntity extends MetadataEntity {
    /** The internal states; the order is irrelevant. */
    public enum State {
        DEPLOYING, PREPAUSED, PAUSED, DEPLOYED, CANCELING, CANCELED;

        /** Every state of an ACTIVE deployment (these carry a cancel link). */
        public static final Set<State> ACTIVE = EnumSet.of(DEPLOYING, PREPAUSED, PAUSED, CANCELING);
        /** States in which other endpoints refuse to touch web processes (spec §4.5; not CANCELING). */
        public static final Set<State> PROGRESSING = EnumSet.of(DEPLOYING, PREPAUSED, PAUSED);
        /** States the rollout engine moves on its own; PAUSED waits for a continue or a cancel. */
        public static final Set<State> MOVING = EnumSet.of(DEPLOYING, PREPAUSED, CANCELING);
    }

    public static final String STATUS_ACTIVE = "ACTIVE";
    public static final String STATUS_FINALIZED = "FINALIZED";
    public static final String REASON_DEPLOYING = "DEPLOYING";
    public static final String REASON_PAUSED = "PAUSED";
    public static final String REASON_CANCELING = "CANCELING";
    public static final String REASON_DEPLOYED = "DEPLOYED";
    public static final String REASON_CANCELED = "CANCELED";
    public static final String REASON_SUPERSEDED = "SUPERSEDED";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "status_value", nullable = false)
    public String statusValue;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "status_updated_at", nullable = false)
    public Instant statusUpdatedAt;

    @Column(name = "last_healthy_at", nullable = false)
    public Instant lastHealthyAt;

    public String error;

    @Column(nullable = false)
    public DeploymentStrategy strategy = DeploymentStrategy.ROLLING;

    @Column(name = "max_in_flight", nullable = false)
    public int maxInFlight = 1;

    @Column(name = "web_instances")
    public Integer webInstances;

    @Column(name = "memory_in_mb")
    public Integer memoryInMb;

    @Column(name = "disk_in_mb")
    public Integer diskInMb;

    @Column(name = "log_rate_limit_in_bytes_per_second")
    public Long logRateLimitInBytesPerSecond;

    /** The steps as given ({@code [{"instance_weight": n}, …]}), or null when none were given. */
    @Mutability(JsonValueMutability.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "canary_steps", columnDefinition = "jsonb")
    public List<Map<String, Object>> canarySteps;

    @Column(name = "canary_current_step")
    public Integer canaryCurrentStep;

    @Column(name = "droplet_guid")
    public String dropletGuid;

    @Column(name = "previous_droplet_guid")
    public String previousDropletGuid;

    @Column(name = "revision_guid")
    public String revisionGuid;

    @Column(name = "revision_version")
    public Integer revisionVersion;

    /**
     * The web process this deployment created, set once when it is created for a started app (none for a stopped
     * app's deployment). It is the deployment's {@code new_processes}: only web processes are deployed, as in
     * CAPI, and the guid outlives the process it names.
     */
    @Column(name = "deploying_web_process_guid")
    public String deployingWebProcessGuid;

    @Column(name = "original_web_process_instance_count", nullable = false)
    public int originalWebProcessInstanceCount;

    public boolean isCanary() {
        return strategy == DeploymentStrategy.CANARY;
    }

    /** The instance_weight of canary step {@code step} (from 1), or null when no steps were given. */
    public Integer canaryWeight(int step) {
        if (canarySteps == null || canarySteps.isEmpty()) {
            return null;
        }
        return ((Number) canarySteps.get(Math.min(step, canarySteps.size()) - 1).get("instance_weight")).intValue();
    }

    /** The status CAPI writes with a state when nothing supersedes it (spec §1.1). */
    public static String statusValueOf(State state) {
        return State.ACTIVE.contains(state) ? STATUS_ACTIVE : STATUS_FINALIZED;
    }

    /** The reason CAPI writes with a state when nothing supersedes it (PREPAUSED renders as DEPLOYING). */
    public static String statusReasonOf(State state) {
        return switch (state) {
            case DEPLOYING, PREPAUSED -> REASON_DEPLOYING;
            case PAUSED -> REASON_PAUSED;
            case CANCELING -> REASON_CANCELING;
            case DEPLOYED -> REASON_DEPLOYED;
            case CANCELED -> REASON_CANCELED;
        };
    }

    /** Moves to {@code next} with its usual status. */
    public void transition(State next, Instant at) {
        transition(next, statusValueOf(next), statusReasonOf(next), at);
    }

    /**
     * Superseded by a newer deployment of the same app: DEPLOYING → DEPLOYED, any other active state → CANCELED;
     * status FINALIZED/SUPERSEDED either way.
     */
    public void supersede(Instant at) {
        State next = state == State.DEPLOYING ? State.DEPLOYED : State.CANCELED;
        transition(next, STATUS_FINALIZED, REASON_SUPERSEDED, at);
    }

    private void transition(State next, String value, String reason, Instant at) {
        boolean statusChanged = !value.equals(statusValue) || !java.util.Objects.equals(reason, statusReason);
        state = next;
        statusValue = value;
        statusReason = reason;
        if (statusChanged) {
            statusUpdatedAt = at;
        }
        updatedAt = at;
    }

    /** The guids of every deployment in one of the states (one index scan on {@code state}). */
    public static List<String> guidsIn(Set<State> states) {
        return getEntityManager().createQuery("select d.guid from DeploymentEntity d where d.state in ?1", String.class)
                .setParameter(1, states).getResultList();
    }

    public static Optional<DeploymentEntity> findByGuid(String guid) {
        return find("from DeploymentEntity d join fetch d.app a join fetch a.space s join fetch s.organization "
                + "where d.guid = ?1", guid).firstResultOptional();
    }

    /**
     * Whether the app has a deployment in a progressing state (DEPLOYING, PREPAUSED, PAUSED — not CANCELING), during
     * which web processes and the current droplet are left alone (spec §4.5).
     */
    public static boolean progressingFor(AppEntity app) {
        return count("app = ?1 and state in ?2", app, State.PROGRESSING) > 0;
    }
}
