package io.cfdeploy.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One desired instance of a process: when it was started and which droplet it runs. The simulated runtime derives
 * every instance's state from these facts and the clock.
 */
@Entity
@Table(name = "process_instances")
public class ProcessInstanceEntity extends PanacheEntityBase {
    @EmbeddedId
    public Key key;

    @Column(name = "instance_guid", nullable = false)
    public String instanceGuid;

    @Column(name = "droplet_guid")
    public String dropletGuid;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "process_id")
        public Long processId;

        @Column(name = "index")
        public Integer index;

        public Key() {
        }

        public Key(Long processId, Integer index) {
            this.processId = processId;
            this.index = index;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(processId, key.processId)
                    && Objects.equals(index, key.index);
        }

        @Override
        public int hashCode() {
            return Objects.hash(processId, index);
        }
    }
}
