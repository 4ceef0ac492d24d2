package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProcessesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class ProcessesIT extends ProcessesTest {
}
