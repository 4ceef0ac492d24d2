package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CurrentDropletTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class CurrentDropletIT extends CurrentDropletTest {
}
