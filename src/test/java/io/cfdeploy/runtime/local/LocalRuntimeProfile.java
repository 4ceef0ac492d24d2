package io.cfdeploy.runtime.local;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Real instances: the local runtime with CF's rules, its timings shortened so the tests run in seconds. */
public class LocalRuntimeProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "cfdeploy.runtime.type", "local",
                "cfdeploy.runtime.local.startup-check-interval", "PT0.25S",
                "cfdeploy.runtime.local.crash-backoff", "PT1S",
                "cfdeploy.runtime.graceful-shutdown", "PT3S",
                "cfdeploy.runtime.local.port-range", "62000-62199",
                "cfdeploy.runtime.local.max-instances", "12",
                "cfdeploy.router.enabled", "true");
    }
}
