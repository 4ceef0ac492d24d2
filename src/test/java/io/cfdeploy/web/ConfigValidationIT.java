package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.ServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code cfdeploy.*} settings are validated at start (Hibernate Validator on the config mapping): a value out
 * of range stops the packaged server before it listens, with a message naming the setting.
 */
class ConfigValidationIT {
    @Test
    void anOutOfRangeSettingStopsTheStartAndNamesIt() throws Exception {
        ServerProcess.Exit exit = ServerProcess.failedStart("bad-config", "test",
                Map.of("cfdeploy.limits.max-instances", "0", "cfdeploy.rollout.max-concurrent-steps", "-1"),
                Duration.ofSeconds(60));
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("cfdeploy.limits.max-instances"), exit.output());
        assertTrue(exit.output().contains("cfdeploy.rollout.max-concurrent-steps"), exit.output());
        assertTrue(exit.output().contains("must be greater than or equal to 1"), exit.output());
        assertFalse(exit.output().contains(" started in "), "it must not have started:\n" + exit.output());
    }
}
