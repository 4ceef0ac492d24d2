package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RoutesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class RoutesIT extends RoutesTest {
}
