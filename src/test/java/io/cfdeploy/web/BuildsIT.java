package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BuildsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class BuildsIT extends BuildsTest {
}
