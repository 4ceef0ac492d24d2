package io.cfdeploy.runtime.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.runtime.InstanceState;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pod → instance state table of runtimes.md §3.2, row by row. */
class PodStatesTest {
    private static final String CREATED = "2026-12-05T10:00:00Z";
    private static final String STARTED = "2026-12-05T10:00:05Z";
    private static final String READY_AT = "2026-12-05T10:00:07Z";

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("cf-p-0").withCreationTimestamp(CREATED).endMetadata();
    }

    @Test
    void noPodOrATerminatingOneIsDown() {
        assertEquals(InstanceState.DOWN, PodStates.observe(null).state());
        Pod terminating = pod().editMetadata().withDeletionTimestamp(STARTED).endMetadata().build();
        assertEquals(InstanceState.DOWN, PodStates.observe(terminating).state());
    }

    @Test
    void unschedulableIsDownWithTheMessage() {
        Pod pod = pod().withNewStatus().withPhase("Pending").addToConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").build()).endStatus().build();
        PodStates.Observed observed = PodStates.observe(pod);
        assertEquals(InstanceState.DOWN, observed.state());
        assertEquals("0/3 nodes are available: 3 Insufficient memory.", observed.details());
    }

    @Test
    void crashLoopsAndImagePullFailuresAreCrashed_sinceTheLastExit() {
        Pod crashing = pod().withNewStatus().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("app").withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s").endWaiting().endState().withNewLastState().withNewTerminated()
                .withExitCode(1).withFinishedAt(STARTED).endTerminated().endLastState().build()).endStatus().build();
        PodStates.Observed observed = PodStates.observe(crashing);
        assertEquals(InstanceState.CRASHED, observed.state());
        assertEquals("CrashLoopBackOff: back-off 40s", observed.details());
        assertEquals(Instant.parse(STARTED), observed.since());

        Pod pulling = pod().withNewStatus().withPhase("Pending").addToInitContainerStatuses(
                new ContainerStatusBuilder().withName("fetch-droplet").withNewState().withNewWaiting()
                        .withReason("ImagePullBackOff").endWaiting().endState().build()).endStatus().build();
        assertEquals(InstanceState.CRASHED, PodStates.observe(pulling).state());

        Pod exited = pod().withNewStatus().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("app").withNewState().withNewTerminated().withExitCode(3).withReason("Error")
                .withFinishedAt(STARTED).endTerminated().endState().build()).endStatus().build();
        assertEquals("Error: Exited with status 3", PodStates.observe(exited).details());
        assertEquals(InstanceState.CRASHED, PodStates.observe(pod().withNewStatus().withPhase("Failed")
                .endStatus().build()).state());
    }

    @Test
    void readyIsRunningAndRoutable_startedButUnreadyIsRunningOnly_elseStarting() {
        Pod ready = pod().withNewStatus().withPhase("Running").addToConditions(new PodConditionBuilder()
                .withType("Ready").withStatus("True").withLastTransitionTime(READY_AT).build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withStarted(true)
                        .withReady(true).withNewState().withNewRunning().withStartedAt(STARTED).endRunning()
                        .endState().build()).endStatus().build();
        PodStates.Observed running = PodStates.observe(ready);
        assertEquals(InstanceState.RUNNING, running.state());
        assertTrue(running.routable());
        assertEquals(Instant.parse(READY_AT), running.since());
        assertEquals(Instant.parse(STARTED), running.started());

        Pod unready = pod().withNewStatus().withPhase("Running").addToConditions(new PodConditionBuilder()
                .withType("Ready").withStatus("False").build()).addToContainerStatuses(new ContainerStatusBuilder()
                .withName("app").withStarted(true).withReady(false).withNewState().withNewRunning()
                .withStartedAt(STARTED).endRunning().endState().build()).endStatus().build();
        PodStates.Observed notRoutable = PodStates.observe(unready);
        assertEquals(InstanceState.RUNNING, notRoutable.state());
        assertFalse(notRoutable.routable());
        assertEquals(Instant.parse(STARTED), notRoutable.since());

        Pod pending = pod().withNewStatus().withPhase("Pending").addToContainerStatuses(new ContainerStatusBuilder()
                .withName("app").withStarted(false).withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState().build()).endStatus().build();
        PodStates.Observed starting = PodStates.observe(pending);
        assertEquals(InstanceState.STARTING, starting.state());
        assertEquals(Instant.parse(CREATED), starting.since());
    }
}
