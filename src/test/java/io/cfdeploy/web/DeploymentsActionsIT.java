package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DeploymentsActionsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class DeploymentsActionsIT extends DeploymentsActionsTest {
}
