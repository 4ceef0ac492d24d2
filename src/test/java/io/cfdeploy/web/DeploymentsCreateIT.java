package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DeploymentsCreateTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class DeploymentsCreateIT extends DeploymentsCreateTest {
}
