package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.error.CfException;
import org.junit.jupiter.api.Test;

/** The texts a failed step leaves in status.details.error (spec §5.1). */
class RolloutEngineErrorTextTest {

    @Test
    void anApiErrorKeepsItsOwnMessage() {
        assertEquals("memory quota_exceeded", RolloutEngine.errorText(CfException.unprocessable(
                "memory quota_exceeded")));
    }

    @Test
    void anythingElseNamesOnlyItsClass() {
        assertEquals("An unexpected error has occurred: IllegalStateException",
                RolloutEngine.errorText(new IllegalStateException("internal detail")));
    }

    @Test
    void theTextIsCutToTheColumn() {
        String text = RolloutEngine.errorText(CfException.unprocessable("x".repeat(300)));
        assertEquals("x".repeat(255), text);
    }
}
