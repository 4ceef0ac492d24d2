package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProcessStatsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class ProcessStatsIT extends ProcessStatsTest {
}
