package io.cfdeploy.rollout.plan;

import java.util.List;

/** Which web process survives the cancel of a deployment (spec §5.5). */
public final class CancelChoice {
    private CancelChoice() {
    }

    /**
     * A web process of the app, oldest first.
     *
     * @param ofSupersededDeployed it was created by a deployment now DEPLOYED with reason SUPERSEDED
     * @param running              it has at least one RUNNING instance
     */
    public record Candidate(boolean ofSupersededDeployed, boolean running) {
    }

    /**
     * The newest process of a superseded-but-deployed deployment that has a running instance, else the oldest;
     * -1 when there is no web process at all.
     */
    public static int keep(List<Candidate> webProcesses) {
        for (int i = webProcesses.size() - 1; i >= 0; i--) {
            if (webProcesses.get(i).ofSupersededDeployed() && webProcesses.get(i).running()) {
                return i;
            }
        }
        return webProcesses.isEmpty() ? -1 : 0;
    }
}
