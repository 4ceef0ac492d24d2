package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProcessInstancesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class ProcessInstancesIT extends ProcessInstancesTest {
}
