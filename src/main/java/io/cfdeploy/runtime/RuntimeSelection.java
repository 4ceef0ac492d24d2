package io.cfdeploy.runtime;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.runtime.kubernetes.KubernetesRuntime;
import io.cfdeploy.runtime.local.LocalRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** The one {@link InstanceRuntime} everybody injects, chosen by {@code cfdeploy.runtime.type}. */
@ApplicationScoped
public class RuntimeSelection {

    @Produces
    @ApplicationScoped
    InstanceRuntime runtime(CfdeployConfig config, Instance<SimulatedRuntime> simulated,
            Instance<LocalRuntime> local, Instance<KubernetesRuntime> kubernetes) {
        return switch (config.runtime().type()) {
            case SIMULATED -> simulated.get();
            case LOCAL -> local.get();
            case KUBERNETES -> kubernetes.get();
        };
    }
}
