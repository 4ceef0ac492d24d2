package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RolesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class RolesIT extends RolesTest {
}
