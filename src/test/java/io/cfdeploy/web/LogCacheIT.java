package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link LogCacheTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class LogCacheIT extends LogCacheTest {
}
