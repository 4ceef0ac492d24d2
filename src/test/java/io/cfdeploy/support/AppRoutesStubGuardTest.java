package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** Fails once the real AppsResource exists, so the test-only stub of the app routes cannot outlive the merge. */
class AppRoutesStubGuardTest {
    @Test
    void theAppRoutesStubIsOnlyHereUntilAppsResourceIsMerged() {
        try {
            Class.forName("io.cfdeploy.web.AppsResource");
            fail("io.cfdeploy.web.AppsResource exists: delete support/AppRoutesStubForProcessTests and this test");
        } catch (ClassNotFoundException expected) {
            // the stub is still needed
        }
    }
}
