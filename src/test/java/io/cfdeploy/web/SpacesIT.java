package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SpacesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class SpacesIT extends SpacesTest {
}
