package io.cfdeploy.runtime.kubernetes;

import io.cfdeploy.runtime.InstanceState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The pod → instance state table of runtimes.md §3.2, pure. */
final class PodStates {
    /** Waiting reasons of an app or init container that make the instance CRASHED. */
    static final Set<String> CRASH_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError", "InvalidImageName");

    private PodStates() {
    }

    /**
     * What the pod says of its instance.
     *
     * @param since   when it entered the state (null: unknown)
     * @param started when the app container started running (uptime), else null
     */
    record Observed(InstanceState state, boolean routable, Instant since, Instant started, String details) {
        static final Observed DOWN = new Observed(InstanceState.DOWN, false, null, null, null);

        /** What the rollout engine and the router see of it. */
        boolean sameAs(Observed other) {
            return other != null && state == other.state && routable == other.routable;
        }
    }

    static Observed observe(Pod pod) {
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return Observed.DOWN;
        }
        PodStatus status = pod.getStatus();
        if (status == null) {
            return new Observed(InstanceState.STARTING, false, time(pod.getMetadata().getCreationTimestamp()), null,
                    null);
        }
        PodCondition scheduled = condition(status, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus())) {
            return new Observed(InstanceState.DOWN, false, time(scheduled.getLastTransitionTime()), null,
                    scheduled.getMessage() != null ? scheduled.getMessage() : scheduled.getReason());
        }
        ContainerStatus app = appContainer(status);
        List<ContainerStatus> containers = new ArrayList<>();
        if (status.getInitContainerStatuses() != null) {
            containers.addAll(status.getInitContainerStatuses());
        }
        if (app != null) {
            containers.add(app);
        }
        for (ContainerStatus container : containers) {
            if (container.getState() != null && container.getState().getWaiting() != null
                    && CRASH_REASONS.contains(container.getState().getWaiting().getReason())) {
                var waiting = container.getState().getWaiting();
                return new Observed(InstanceState.CRASHED, false, finishedAt(container),
                        null, details(waiting.getReason(), waiting.getMessage()));
            }
        }
        if ("Failed".equals(status.getPhase())) {
            return new Observed(InstanceState.CRASHED, false, app == null ? null : finishedAt(app), null,
                    details(status.getReason(), status.getMessage()));
        }
        if (app != null && app.getState() != null && app.getState().getTerminated() != null) {
            var terminated = app.getState().getTerminated();
            return new Observed(InstanceState.CRASHED, false, time(terminated.getFinishedAt()), null,
                    details(terminated.getReason(), "Exited with status " + terminated.getExitCode()));
        }
        Instant started = app != null && app.getState() != null && app.getState().getRunning() != null
                ? time(app.getState().getRunning().getStartedAt()) : null;
        PodCondition ready = condition(status, "Ready");
        if (ready != null && "True".equals(ready.getStatus())) {
            return new Observed(InstanceState.RUNNING, true, time(ready.getLastTransitionTime()), started, null);
        }
        if (app != null && Boolean.TRUE.equals(app.getStarted())) {
            return new Observed(InstanceState.RUNNING, false, started, started, null);
        }
        return new Observed(InstanceState.STARTING, false, time(pod.getMetadata().getCreationTimestamp()), null,
                null);
    }

    private static ContainerStatus appContainer(PodStatus status) {
        if (status.getContainerStatuses() == null) {
            return null;
        }
        return status.getContainerStatuses().stream().filter(c -> Workloads.APP_CONTAINER.equals(c.getName()))
                .findFirst().orElse(status.getContainerStatuses().isEmpty() ? null
                        : status.getContainerStatuses().get(0));
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Instant finishedAt(ContainerStatus container) {
        return container.getLastState() != null && container.getLastState().getTerminated() != null
                ? time(container.getLastState().getTerminated().getFinishedAt()) : null;
    }

    private static String details(String reason, String message) {
        if (reason == null) {
            return message;
        }
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }

    static Instant time(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
