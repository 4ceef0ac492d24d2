package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CfPushReplayTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class CfPushReplayIT extends CfPushReplayTest {
}
